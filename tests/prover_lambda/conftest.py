"""Fixtures: moto's real server, buckets on it, and a real JSON-RPC server with a test chain."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import boto3
import pytest

from prover_lambda.local.moto_server import MotoServer
from prover_lambda.s3_storage import S3Storage
from tests.prover_lambda.rpc_server import Chain, RpcServer
from tests.prover_lambda.runtime_process import RuntimeProcess

_names = itertools.count()


@pytest.fixture
def bucket_name(moto_server: MotoServer) -> str:
    name = f"test-bucket-{os.getpid()}-{next(_names)}"
    boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url).create_bucket(
        Bucket=name
    )
    return name


@pytest.fixture
def s3_storage(moto_server: MotoServer, bucket_name: str) -> S3Storage:
    client = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url)
    return S3Storage(client, bucket_name)


@pytest.fixture
def chain() -> Chain:
    return Chain()


@pytest.fixture
def rpc_server(chain: Chain) -> Iterator[RpcServer]:
    server = RpcServer(chain)
    yield server
    server.close()


@pytest.fixture
def deployment(moto_server, rpc_server, tmp_path):
    """Names for one isolated deployment, and a way to start runtimes on it."""
    name = f"rt-{os.getpid()}-{next(_names)}"
    started: list[RuntimeProcess] = []

    def start(tag: str = "a", **env: str) -> RuntimeProcess:
        args = [
            "--endpoint-url",
            moto_server.url,
            "--bucket",
            name,
            "--prefix",
            name,
            "--watch-interval",
            "0.5",
            "--retry-delay",
            "1",
            "--visibility-timeout",
            "6",
            "--max-receive-count",
            "2",
        ]
        process = RuntimeProcess(
            tmp_path / f"runtime-{tag}.log",
            args,
            {"NODE_RPC_URLS": rpc_server.url, "PROOF_PRESET": "fast", **env},
        )
        started.append(process)
        return process

    client = boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url)
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_server.url)
    yield {"start": start, "storage": S3Storage(client, name), "sqs": sqs, "bucket": name}
    for process in started:
        if process.process.poll() is None:
            process.kill()
