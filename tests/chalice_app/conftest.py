"""Fixtures: the Chalice project built and packaged offline (moto_server is in tests/conftest.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.chalice_app.sandbox import build_project, chalice_package


@pytest.fixture(scope="session")
def chalice_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of chalice_app (app.py, .chalice/) with its vendor/ folder built."""
    return build_project(tmp_path_factory.mktemp("project") / "chalice_app")


@pytest.fixture(scope="session")
def sam_package(chalice_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sam") / "out"
    result = chalice_package(chalice_project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def unpacked_zip(sam_package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("zip")
    with zipfile.ZipFile(sam_package / "deployment.zip") as archive:
        archive.extractall(target)
    return target
