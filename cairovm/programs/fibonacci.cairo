// fibonacci(n) for calldata [0, n]: reads {"n": n} from the program input and outputs [n, fib(n)].
%builtins output

from calls import fibonacci

func main{output_ptr: felt*}() {
    alloc_locals;
    local n;
    %{ ids.n = program_input['n'] %}
    let result = fibonacci(n);
    assert output_ptr[0] = n;
    assert output_ptr[1] = result;
    let output_ptr = output_ptr + 2;
    return ();
}
