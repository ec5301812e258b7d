"""The explorer served from the chain's own bucket on moto's real server, as ``make local`` runs it.

The site is uploaded with ``publish_bucket`` (content types, a public-read policy, CORS), the
chain's data is written beside it the way the prover chain writes it, and an anonymous browser
opens ``<endpoint>/<bucket>/index.html``: pages and data share one origin.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from playwright.sync_api import Browser

from prover_lambda.local.moto_server import start_moto
from tests.site.pages import go, panel_field, panel_status, wait_status
from tests.site.world import ChainWriter
from verifier_wasm.config import SiteConfig
from verifier_wasm.publish import content_type, publish_bucket

BUCKET = "explorer-chain"


@pytest.fixture(scope="module")
def bucket_url(tmp_path_factory: pytest.TempPathFactory, site_dir: Path, scenario) -> Iterator:
    server = start_moto(log_path=tmp_path_factory.mktemp("moto") / "moto.log")
    try:
        s3 = boto3.client(
            "s3",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        s3.create_bucket(Bucket=BUCKET)
        publish_bucket(s3, BUCKET, SiteConfig(poll_seconds=0.5), site_dir)

        def put(key: str, body: bytes) -> None:
            s3.put_object(Bucket=BUCKET, Key=key, Body=body, ContentType=content_type(key))

        writer = ChainWriter(put)
        for n in (1, 5):
            writer.add_block(scenario.blocks[n])
            writer.add_proofs(scenario.blocks[n], scenario.proofs[n])
        yield f"{server.url}/{BUCKET}/"
    finally:
        server.stop()


def test_bucket_serves_the_site_with_browser_content_types(bucket_url: str) -> None:
    for key, expected in [
        ("index.html", "text/html"),
        ("build/verifier/pyodide/pyodide.mjs", "text/javascript"),
        ("build/verifier/pyodide/pyodide.asm.wasm", "application/wasm"),
        ("build/verifier/worker.js", "text/javascript"),
    ]:
        with urllib.request.urlopen(bucket_url + key) as response:  # anonymous, as a browser
            assert response.headers["Content-Type"].startswith(expected), key


def test_blocks_verify_when_served_from_the_bucket(browser: Browser, bucket_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(bucket_url + "index.html#/block/1")
        assert panel_status(page) == "verified"
        assert panel_field(page, "Verify time in this browser").endswith(("ms", "s"))
        go(page, "#/blocks")
        assert wait_status(page, 5, ("verified", "failed")) == "verified"
    finally:
        context.close()
