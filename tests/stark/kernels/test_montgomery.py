"""Limb arithmetic against Python integers: products, sums, differences, inverses, powers."""

from __future__ import annotations

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stark.field import P
from stark.kernels import montgomery as mont
from stark.kernels.limbs import vector_from_mont, vector_to_mont

from .conftest import EDGE_VALUES, field_column

elements = st.one_of(st.sampled_from(EDGE_VALUES), st.integers(min_value=0, max_value=P - 1))


def _pairs(rng, n=512):
    a = field_column(rng, n)
    b = list(reversed(field_column(rng, n)))
    # every pair of edge values as well
    for x in EDGE_VALUES:
        for y in EDGE_VALUES:
            a.append(x)
            b.append(y)
    return a, b


def test_products_sums_differences(rng):
    a, b = _pairs(rng)
    ma, mb = vector_to_mont(a), vector_to_mont(b)
    assert vector_from_mont(mont.mul_arrays(ma, mb)) == [
        x * y % P for x, y in zip(a, b, strict=True)
    ]
    assert vector_from_mont(mont.add_arrays(ma, mb)) == [
        (x + y) % P for x, y in zip(a, b, strict=True)
    ]
    assert vector_from_mont(mont.sub_arrays(ma, mb)) == [
        (x - y) % P for x, y in zip(a, b, strict=True)
    ]


@settings(max_examples=200, deadline=None)
@given(x=elements, y=elements)
def test_product_property(x, y):
    ma, mb = vector_to_mont([x]), vector_to_mont([y])
    assert vector_from_mont(mont.mul_arrays(ma, mb)) == [x * y % P]
    assert vector_from_mont(mont.sub_arrays(ma, mb)) == [(x - y) % P]


def test_montgomery_form_is_canonical(rng):
    values = field_column(rng, 64)
    forms = vector_to_mont(values)
    expected = [v * 2**256 % P for v in values]
    got = [int.from_bytes(row.astype("<u8").tobytes(), "little") for row in forms]
    assert got == expected


def test_batch_inverse(rng):
    values = [v for v in field_column(rng, 300) if v]
    inverses, ok = mont.batch_inverse_array(vector_to_mont(values))
    assert ok
    assert vector_from_mont(inverses) == [pow(v, -1, P) for v in values]


def test_batch_inverse_flags_zero():
    _, ok = mont.batch_inverse_array(vector_to_mont([3, 0, 5]))
    assert not ok


@pytest.mark.parametrize("base", [2, 3, P - 1, 12345678901234567890])
def test_powers(base):
    got = vector_from_mont(mont.powers_array(mont.mont_limbs(base), mont.mont_limbs(7), 40))
    assert got == [7 * pow(base, i, P) % P for i in range(40)]


def test_limbs_of_splits_little_endian():
    value = (1 << 192) * 5 + (1 << 64) * 3 + 9
    assert mont.limbs_of(value) == (9, 3, 0, 5)
    assert np.array_equal(mont.mont_limbs(0), np.zeros(4, np.uint64))


@numba.njit(cache=False)
def _lazy_ops(a, b, out):
    for i in range(a.shape[0]):
        x = mont.load(a, i)
        y = mont.load(b, i)
        mont.store(out[0], i, mont.canonical(mont.mul_lazy(x, y)))
        mont.store(out[1], i, mont.canonical(mont.add_lazy(mont.below_2p(x), y)))
        mont.store(out[2], i, mont.canonical(mont.sub_lazy(mont.below_2p(x), y)))


def test_lazy_operations_on_unreduced_inputs(rng):
    """Values below 4p (as between lazy butterflies) give the reduced results."""
    values = field_column(rng, 200)
    others = list(reversed(field_column(rng, 200)))
    k = [rng.randrange(4) for _ in values]
    a = np.array(  # x + k·p, k < 4, as limbs (Montgomery form of x, plus k·p)
        [mont.limbs_of(x * 2**256 % P + j * P) for x, j in zip(values, k, strict=True)],
        dtype=np.uint64,
    )
    b = vector_to_mont(others)
    out = np.empty((3, len(values), 4), dtype=np.uint64)
    _lazy_ops(a, b, out)
    assert vector_from_mont(out[0]) == [x * y % P for x, y in zip(values, others, strict=True)]
    assert vector_from_mont(out[1]) == [(x + y) % P for x, y in zip(values, others, strict=True)]
    assert vector_from_mont(out[2]) == [(x - y) % P for x, y in zip(values, others, strict=True)]
