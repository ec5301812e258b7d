"""Where compiled code is cached: next to the sources when writable, else under /tmp."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from stark.kernels import jit


def test_explicit_cache_dir_wins(monkeypatch, tmp_path):
    monkeypatch.setenv(jit.CACHE_ENV, str(tmp_path))
    assert jit.cache_dir() == str(tmp_path)


def test_writable_package_uses_numba_default(monkeypatch):
    monkeypatch.delenv(jit.CACHE_ENV, raising=False)
    monkeypatch.setattr(os, "access", lambda path, mode: True)
    assert jit.cache_dir() is None


def test_read_only_package_goes_to_tmp(monkeypatch):
    """As in a deployed Lambda, where only /tmp is writable."""
    monkeypatch.delenv(jit.CACHE_ENV, raising=False)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    chosen = jit.cache_dir()
    assert chosen is not None
    assert Path(chosen).parent == Path(tempfile.gettempdir())
