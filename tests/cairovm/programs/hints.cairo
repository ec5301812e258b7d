// Every supported hint: alloc, the math hints, math_cmp's is_nn and memcpy.
%builtins output range_check

from starkware.cairo.common.alloc import alloc
from starkware.cairo.common.math import (
    assert_le,
    assert_nn,
    assert_nn_le,
    assert_not_equal,
    assert_not_zero,
    unsigned_div_rem,
)
from starkware.cairo.common.math_cmp import is_nn, is_le
from starkware.cairo.common.memcpy import memcpy

func main{output_ptr: felt*, range_check_ptr}() {
    alloc_locals;
    let (local arr: felt*) = alloc();
    assert arr[0] = 7;
    assert arr[1] = 9;
    assert arr[2] = 11;
    assert_nn(5);
    assert_le(3, 10);
    assert_nn_le(4, 4);
    assert_not_zero(4);
    assert_not_equal(3, 4);
    assert_not_equal(cast(arr, felt), cast(arr + 1, felt));
    let (q, r) = unsigned_div_rem(1000003, 97);
    let a = is_nn(12);
    let b = is_nn(-5);
    let c = is_le(3, 2);
    memcpy(output_ptr, arr, 3);
    assert output_ptr[3] = q;
    assert output_ptr[4] = r;
    assert output_ptr[5] = a + 2 * b + 4 * c;
    let output_ptr = output_ptr + 6;
    return ();
}
