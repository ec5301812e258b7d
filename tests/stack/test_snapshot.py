"""The local bucket survives a restart of moto: saved to a folder, restored into a fresh server."""

from __future__ import annotations

from pathlib import Path

import boto3

from prover_lambda.local.moto_server import free_port, start_moto
from stack import snapshot
from stack.config import StackConfig


def _s3(url: str):
    return boto3.client(
        "s3",
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="t",
        aws_secret_access_key="t",
    )


def test_save_and_restore_across_moto_restarts(tmp_path: Path) -> None:
    objects = {
        "index.json": b'{"latest_block": 2}',
        "blocks/1.json": b"{}",
        "proofs/1.proof": bytes(range(256)),
    }
    port = free_port()
    config = StackConfig(port_base=port - 200, local_dir=tmp_path)
    assert config.s3_endpoint == f"http://127.0.0.1:{port}"
    folder = tmp_path / "bucket"

    first = start_moto(port)
    try:
        s3 = _s3(first.url)
        s3.create_bucket(Bucket=config.bucket)
        for key, body in objects.items():
            s3.put_object(Bucket=config.bucket, Key=key, Body=body)
        assert snapshot.save(config, folder) == len(objects)
    finally:
        first.stop()

    second = start_moto(port)
    try:
        assert snapshot.restore(config, folder) == len(objects)
        s3 = _s3(second.url)
        for key, body in objects.items():
            assert s3.get_object(Bucket=config.bucket, Key=key)["Body"].read() == body
    finally:
        second.stop()


def test_nothing_to_restore(tmp_path: Path) -> None:
    assert snapshot.restore(StackConfig(local_dir=tmp_path), tmp_path / "missing") == 0
