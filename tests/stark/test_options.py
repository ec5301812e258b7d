"""Proof options and presets."""

from __future__ import annotations

import pytest

from stark.errors import InvalidOptions
from stark.options import MIN_SECURE_BITS, PRESETS, ProofOptions, preset


def test_secure_preset_reaches_100_bits():
    secure = PRESETS["secure"]
    assert secure.blowup == 8 and secure.num_queries == 28 and secure.grinding_bits == 20
    assert secure.security_bits == 20 + 3 * 28 - 1 >= MIN_SECURE_BITS
    assert not secure.insecure
    assert secure.preset_name == "secure"


def test_fast_preset_is_flagged_insecure():
    fast = PRESETS["fast"]
    assert fast.insecure
    assert fast.preset_name == "fast"


def test_custom_and_cap():
    opts = ProofOptions(blowup_log=4, num_queries=100, grinding_bits=30, fri_last_layer_log=0)
    assert opts.security_bits == 128
    assert opts.preset_name == "custom"


def test_options_are_frozen():
    with pytest.raises(AttributeError):
        PRESETS["secure"].num_queries = 3


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(blowup_log=0, num_queries=4, grinding_bits=0, fri_last_layer_log=0),
        dict(blowup_log=1, num_queries=0, grinding_bits=0, fri_last_layer_log=0),
        dict(blowup_log=1, num_queries=4, grinding_bits=99, fri_last_layer_log=0),
        dict(blowup_log=1, num_queries=4, grinding_bits=0, fri_last_layer_log=40),
    ],
)
def test_out_of_range_options(kwargs):
    with pytest.raises(InvalidOptions):
        ProofOptions(**kwargs)


def test_unknown_preset():
    with pytest.raises(InvalidOptions):
        preset("turbo")
