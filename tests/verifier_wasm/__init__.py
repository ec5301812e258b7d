"""Tests of the explorer's verifier: the block statement, the binding, the wheel, the config."""
