// factorial(n) for calldata [1, n]: reads {"n": n} from the program input and outputs [n, n!].
%builtins output

from calls import factorial

func main{output_ptr: felt*}() {
    alloc_locals;
    local n;
    %{ ids.n = program_input['n'] %}
    let result = factorial(n);
    assert output_ptr[0] = n;
    assert output_ptr[1] = result;
    let output_ptr = output_ptr + 2;
    return ();
}
