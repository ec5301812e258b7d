"""``python -m verifier_wasm``: build the bundle, publish the site to a folder, serve it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.site.world import REPO, SITE_SOURCES
from verifier_wasm.serve import StaticServer


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "verifier_wasm", *args],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("cli") / "site"
    site.mkdir()
    for name in SITE_SOURCES:
        os.symlink(REPO / "site" / name, site / name)
    result = _cli("build", "--dest", str(site / "build" / "verifier"))
    assert result.returncode == 0, result.stderr
    assert "block program 0x" in result.stdout
    return site


def test_build_writes_pyodide_worker_wheel_and_manifest(built_site: Path) -> None:
    bundle = built_site / "build" / "verifier"
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert (bundle / manifest["wheel"]).is_file()
    assert (bundle / "worker.js").is_file() and (bundle / "pyodide" / "pyodide.asm.wasm").is_file()
    assert "stark.verifier" in manifest["modules"] and "stark.prover" not in manifest["modules"]


def test_publish_writes_the_config_from_the_environment(built_site: Path, tmp_path: Path) -> None:
    env = {"ENABLE_BLOCK_VERIFICATION": "false", "EXPLORER_DATA_URL": "../chain/"}
    result = _cli("publish", "--site", str(built_site), "--folder", str(tmp_path / "www"), env=env)
    assert result.returncode == 0, result.stderr
    config = json.loads((tmp_path / "www" / "config.json").read_text())
    assert config["ENABLE_BLOCK_VERIFICATION"] is False and config["data_url"] == "../chain/"
    assert (tmp_path / "www" / "build" / "verifier" / "manifest.json").is_file()


def test_publish_refuses_a_bad_setting(built_site: Path, tmp_path: Path) -> None:
    env = {"ENABLE_BLOCK_VERIFICATION": "maybe"}
    result = _cli("publish", "--site", str(built_site), "--folder", str(tmp_path), env=env)
    assert result.returncode == 1
    assert "ENABLE_BLOCK_VERIFICATION must be true or false" in result.stderr


def test_publish_needs_a_built_bundle(tmp_path: Path) -> None:
    result = _cli("publish", "--site", str(tmp_path), "--folder", str(tmp_path / "www"))
    assert result.returncode == 1
    assert "no verifier bundle" in result.stderr


def test_static_server_serves_browser_content_types(built_site: Path) -> None:
    with StaticServer(built_site) as server:
        for path, expected in [
            ("index.html", "text/html"),
            ("js/app.js", "text/javascript"),
            ("build/verifier/pyodide/pyodide.mjs", "text/javascript"),
            ("build/verifier/pyodide/pyodide.asm.wasm", "application/wasm"),
        ]:
            with urllib.request.urlopen(server.url + path) as response:
                assert response.headers["Content-Type"].startswith(expected), path


def test_serve_command_serves_a_folder(built_site: Path) -> None:
    port = 0
    process = subprocess.Popen(
        [sys.executable, "-m", "verifier_wasm", "serve", str(built_site), "--port", str(port)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline()  # "serving DIR at http://127.0.0.1:PORT/"
        url = line.split(" at ")[1].strip()
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "index.html") as response:
                    assert b"starkstack explorer" in response.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=10)
