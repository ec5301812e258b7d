// Uses the range_check builtin directly, with values spread over all eight 16-bit parts.
%builtins range_check

func main{range_check_ptr}() {
    assert [range_check_ptr] = 0;
    assert [range_check_ptr + 1] = 2 ** 128 - 1;
    assert [range_check_ptr + 2] = 0x123456789abcdef0fedcba9876543210;
    assert [range_check_ptr + 3] = 65535;
    let range_check_ptr = range_check_ptr + 4;
    return ();
}
