"""Domain inverses, DEEP composition, FRI folding, out-of-domain values and array Merkle trees
against direct Python evaluation and the protocol's own functions."""

from __future__ import annotations

import numpy as np
import pytest

from stark.air import DOMAINS, Domain
from stark.field import P, root_of_unity
from stark.kernels import domain
from stark.kernels.deep import deep_composition
from stark.kernels.folding import fold
from stark.kernels.limbs import from_mont, to_mont, vector_from_mont, vector_to_mont
from stark.kernels.ntt import interpolate_rev
from stark.kernels.points import evaluate_rev
from stark.kernels.python import PythonKernels
from stark.kernels.tree import ArrayMerkleTree
from stark.merkle import MerkleTree
from stark.options import COSET_OFFSET
from stark.polynomial import evaluate

from .conftest import field_column


def _coset(log_size: int, offset: int) -> list[int]:
    w = root_of_unity(log_size)
    return [offset * pow(w, i, P) % P for i in range(1 << log_size)]


def test_inverse_differences(rng):
    shifts = [rng.randrange(P), 7, P - 1]
    got = from_mont(domain.inverse_differences(6, COSET_OFFSET, shifts))
    xs = _coset(6, COSET_OFFSET)
    assert got == [[pow(x - a, -1, P) for x in xs] for a in shifts]


def test_inverse_differences_refuses_a_point_of_the_coset():
    with pytest.raises(ZeroDivisionError):
        domain.inverse_differences(4, COSET_OFFSET, [_coset(4, COSET_OFFSET)[5]])


@pytest.mark.parametrize(("log_n", "log_size"), [(3, 3), (3, 5), (6, 8)])
def test_zerofier_inverses(log_n, log_size):
    n = 1 << log_n
    last = pow(root_of_unity(log_n), n - 1, P)
    xs = _coset(log_size, COSET_OFFSET)
    expected = {
        Domain.ALL: [pow(pow(x, n, P) - 1, -1, P) for x in xs],
        Domain.TRANSITION: [(x - last) * pow(pow(x, n, P) - 1, -1, P) % P for x in xs],
        Domain.FIRST: [pow(x - 1, -1, P) for x in xs],
        Domain.LAST: [pow(x - last, -1, P) for x in xs],
    }
    got = from_mont(domain.zerofier_inverses(log_n, log_size, COSET_OFFSET))
    assert got == [expected[d] for d in DOMAINS]


def test_deep_composition(rng):
    size, width, aux_width, parts = 64, 5, 2, 2
    main = [field_column(rng, size) for _ in range(width)]
    aux = [[rng.randrange(P) for _ in range(size)] for _ in range(aux_width)]
    comp = [[rng.randrange(P) for _ in range(size)] for _ in range(parts)]
    g_cur = [rng.randrange(P) for _ in range(width + aux_width)]
    g_next = [rng.randrange(P) for _ in range(width + aux_width)]
    g_comp = [rng.randrange(P) for _ in range(parts)]
    consts = [rng.randrange(P) for _ in range(3)]
    z, zg, zp = (rng.randrange(P) for _ in range(3))
    inverses = domain.inverse_differences(6, COSET_OFFSET, [z, zg, zp])
    got = deep_composition(
        to_mont(main),
        to_mont(aux),
        to_mont(comp),
        vector_to_mont(g_cur),
        vector_to_mont(g_next),
        vector_to_mont(g_comp),
        vector_to_mont(consts),
        inverses,
    )
    columns = main + aux
    xs = _coset(6, COSET_OFFSET)
    for i in (0, 1, 31, 63):
        s_cur = sum(g * c[i] for g, c in zip(g_cur, columns, strict=True))
        s_next = sum(g * c[i] for g, c in zip(g_next, columns, strict=True))
        s_comp = sum(g * c[i] for g, c in zip(g_comp, comp, strict=True))
        expected = (
            (s_cur - consts[0]) * pow(xs[i] - z, -1, P)
            + (s_next - consts[1]) * pow(xs[i] - zg, -1, P)
            + (s_comp - consts[2]) * pow(xs[i] - zp, -1, P)
        ) % P
        assert vector_from_mont(got[i : i + 1]) == [expected]


def test_deep_composition_without_aux(rng):
    main = [[rng.randrange(P) for _ in range(512)] for _ in range(2)]
    g = vector_to_mont([1, 1])
    zeros = vector_to_mont([0, 0, 0])
    inverses = to_mont([[1] * 512] * 3)
    got = deep_composition(
        to_mont(main),
        np.zeros((0, 512, 4), np.uint64),
        to_mont([[0] * 512]),
        g,
        g,
        vector_to_mont([0]),
        zeros,
        inverses,
    )
    assert vector_from_mont(got) == [2 * (a + b) % P for a, b in zip(*main, strict=True)]


@pytest.mark.parametrize(("layer", "log_domain"), [(0, 6), (2, 9), (3, 4)])
def test_fold_matches_protocol(rng, layer, log_domain):
    values = field_column(rng, 1 << (log_domain - layer))
    beta = rng.randrange(P)
    got = vector_from_mont(fold(vector_to_mont(values), layer, log_domain, beta, COSET_OFFSET))
    assert got == PythonKernels().fold([values], layer, log_domain, beta)[0]


def test_fold_checks_size():
    with pytest.raises(ValueError, match="size"):
        fold(vector_to_mont([1] * 8), 0, 4, 5, COSET_OFFSET)


@pytest.mark.parametrize("log_n", [0, 1, 2, 5, 9])
def test_out_of_domain_values(rng, log_n):
    n = 1 << log_n
    columns = [field_column(rng, n) for _ in range(3)]
    points = [rng.randrange(P), 0, 1]
    # values on ⟨ω_n⟩ → n·coefficients in bit-reversed order (what interpolation leaves)
    rev = interpolate_rev(to_mont(columns), log_n)
    got = from_mont(evaluate_rev(rev, points, pow(n, -1, P)))
    w = root_of_unity(log_n)
    coefficients = PythonKernels().interpolate(columns)
    assert got == [[evaluate(c, x) for x in points] for c in coefficients]
    assert [evaluate(coefficients[0], pow(w, 1, P))] == [columns[0][1 % n]]


def test_array_tree_matches_merkle_tree(rng):
    columns = [[rng.randrange(P) for _ in range(128)] for _ in range(3)]
    matrix = to_mont(columns)
    tree = ArrayMerkleTree.of_matrix(matrix)
    reference = MerkleTree(PythonKernels().hash_leaves(columns))
    assert tree.root == reference.root
    assert tree.depth == reference.depth
    for indices in ([0], [5, 6, 7], [0, 1, 2, 63], list(range(0, 64, 3)), list(range(64))):
        assert tree.open(indices) == reference.open(indices)
    assert tree.leaf(9) == reference.layers[0][9]


def test_array_tree_of_one_leaf():
    tree = ArrayMerkleTree(np.arange(32, dtype=np.uint8).reshape(1, 32))
    assert tree.depth == 0
    assert tree.root == bytes(range(32))
    assert tree.open([0]) == []
