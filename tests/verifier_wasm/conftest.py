"""Blocks for the binding tests, built as the bucket stores them (see tests/site/chain.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
