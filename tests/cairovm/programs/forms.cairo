// Exercises every instruction form: each opcode, operand source, res logic, pc and ap update,
// and the deductions of op0, op1 and dst.
%builtins output

from starkware.cairo.common.registers import get_label_location

func add3(x: felt) -> felt {
    return x + 3;
}

func twice(x: felt) -> (a: felt, b: felt) {
    return (a=x, b=x + x);
}

func main{output_ptr: felt*}() {
    alloc_locals;
    local base = 100;
    local out: felt* = output_ptr;
    // Immediates, ap++ and every res logic with each op1 source.
    [ap] = 10, ap++;
    [ap] = [ap - 1] + 5, ap++;
    [ap] = [ap - 1] * 3, ap++;
    [ap] = [ap - 1] + [ap - 2], ap++;
    [ap] = [ap - 1] * [ap - 2], ap++;
    [ap] = [fp] + [ap - 1], ap++;
    [ap] = [ap - 1] * [fp], ap++;
    [ap] = [fp], ap++;
    // Deduce op0 (add and mul), op1 (add and mul) and dst.
    [ap] = 77, ap++;
    [ap - 1] = [ap] + 7, ap++;
    [ap] = 84, ap++;
    [ap - 1] = [ap] * 7, ap++;
    [ap] = 50, ap++;
    [ap - 1] = [ap - 2] + [ap], ap++;
    [ap] = 36, ap++;
    [ap - 1] = [ap - 4] * [ap], ap++;
    // fp-relative destinations.
    local slot;
    slot = [ap - 1] + 1;
    // Double dereference: read and write through a pointer.
    [ap] = output_ptr, ap++;
    [ap] = 1234, ap++;
    [[ap - 2]] = [ap - 1];
    [ap] = [[ap - 2]], ap++;
    [ap] = [[fp - 3] + 0], ap++;
    // ap += with an immediate and with a cell.
    ap += 3;
    [ap] = 2, ap++;
    ap += [ap - 1];
    // Calls (rel and abs) and returns.
    let r1 = add3(5);
    let (a, b) = twice(r1);
    jumps();
    let call_abs_res = call_abs_helper();
    assert out[1] = slot;
    assert out[2] = a + b;
    assert out[3] = call_abs_res;
    let output_ptr = out + 4;
    return ();
}

func call_abs_helper() -> felt {
    let (fn) = get_label_location(add3);
    [ap] = 40, ap++;
    call abs fn;
    return [ap - 1];
}

// jmp abs to a label, jmp rel forward, jnz taken and not taken, a counting loop.
func jumps() {
    let (target) = get_label_location(after_abs);
    jmp abs target;
    [ap] = 999, ap++;
    after_abs:
    jmp skip;
    [ap] = 998, ap++;
    skip:
    [ap] = 0, ap++;
    jmp never if [ap - 1] != 0;
    [ap] = 3, ap++;
    loop:
    [ap] = [ap - 1] - 1, ap++;
    jmp loop if [ap - 1] != 0;
    jmp done;
    never:
    [ap] = 997, ap++;
    done:
    return ();
}
