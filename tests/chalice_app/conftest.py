"""Fixtures: the Chalice project packaged offline, and moto's real server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from chalice_app.build import APP_DIR, vendor
from prover_lambda.local.moto_server import MotoServer, start_moto


def offline_env(home: Path) -> dict[str, str]:
    """An environment with a region and no AWS credentials of any kind."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_DEFAULT_REGION="us-east-1",
        HOME=str(home),
        AWS_CONFIG_FILE=str(home / "none"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "none"),
    )
    return env


def build_project(project: Path) -> Path:
    """A copy of chalice_app (app.py, .chalice/) at ``project`` with its vendor/ folder built."""
    project.mkdir(parents=True)
    shutil.copy2(APP_DIR / "app.py", project / "app.py")
    shutil.copytree(
        APP_DIR / ".chalice", project / ".chalice", ignore=shutil.ignore_patterns("deployments")
    )
    vendor(project / "vendor")
    return project


@pytest.fixture(scope="session")
def chalice_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of chalice_app (app.py, .chalice/) with its vendor/ folder built."""
    return build_project(tmp_path_factory.mktemp("project") / "chalice_app")


def chalice_package(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    chalice = Path(sys.executable).with_name("chalice")
    return subprocess.run(
        [str(chalice), "package", *extra, str(out)],
        cwd=project,
        env=offline_env(out.parent),
        capture_output=True,
        text=True,
        timeout=300,
    )


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
