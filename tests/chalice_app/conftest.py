"""Fixtures: the Chalice project packaged offline, and moto's real server."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from prover_lambda.local.moto_server import MotoServer, start_moto
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


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    server = start_moto(log_path=tmp_path_factory.mktemp("moto") / "moto.log")
    yield server
    server.stop()
