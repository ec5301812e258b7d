// A program without builtins, for the plain layout.
func main() {
    [ap] = 1, ap++;
    [ap] = 1, ap++;
    tempvar n = 20;
    loop:
    [ap] = [ap - 3] + [ap - 2], ap++;
    [ap] = [ap - 3] + [ap - 2], ap++;
    [ap] = [ap - 3] - 1, ap++;
    jmp loop if [ap - 1] != 0;
    return ();
}
