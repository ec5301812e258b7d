"""Reference expressions as cairo-compile writes them, parsed and evaluated."""

from __future__ import annotations

import pytest

from cairovm.errors import HintError
from cairovm.felt import PRIME
from cairovm.references import evaluate, parse_reference
from cairovm.relocatable import Rel

MEM = {Rel(1, 7): 40, Rel(1, 6): Rel(2, 3), Rel(2, 4): 9}


def read(addr: Rel):
    return MEM[addr]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[cast(fp + (-3), felt*)]", 40),
        ("cast([fp + (-4)] + 1, felt*)", Rel(2, 4)),
        ("[cast([fp + (-4)] + 1, felt*)]", 9),
        ("cast(fp + (-3), felt*)", Rel(1, 7)),
        ("[cast(ap + (-1), felt*)]", 40),
        ("cast(5 * 3 - 1, felt)", 14),
        ("cast(-1, felt)", PRIME - 1),
    ],
)
def test_evaluate(text: str, value) -> None:
    ref = parse_reference(text, 0, 0)
    assert evaluate(ref.expr, Rel(1, 8), Rel(1, 10), read) == value


def test_deref_and_pointee() -> None:
    ref = parse_reference("[cast(fp + (-3), felt*)]", 0, 0)
    assert ref.is_deref and ref.pointee_type == "felt"
    assert not parse_reference("cast(fp, felt*)", 0, 0).is_deref


def test_revoked_ap_is_an_error() -> None:
    ref = parse_reference("[cast(ap + (-1), felt*)]", 0, 0)
    with pytest.raises(HintError, match="revoked"):
        evaluate(ref.expr, None, Rel(1, 10), read)


@pytest.mark.parametrize("text", ["[fp + ", "cast(fp, felt*", "fp $ 3", "[fp] ]"])
def test_malformed(text: str) -> None:
    with pytest.raises(HintError):
        parse_reference(text, 0, 0)
