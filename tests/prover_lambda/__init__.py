"""Tests of the prover chain."""
