"""The documentation site builds with ``mkdocs build --strict`` (no broken link, no missing page)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_docs_build_strict(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {p.name for p in out.glob("*.html")}
    assert {"index.html", "architecture.html", "configuration.html", "explorer.html"} <= pages
    assert (out / "img" / "architecture.svg").is_file()
    # Nothing is fetched from another host: the docs work offline, like the explorer.
    for page in out.glob("*.html"):
        text = page.read_text()
        assert "cdn." not in text and "googleapis" not in text, page.name
