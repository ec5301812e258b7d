"""Tests of the Chalice app."""
