"""The Chalice app's routes and event wiring, against moto's real server."""

from __future__ import annotations

import itertools
import json

import boto3
import pytest
from chalice.test import Client

from prover_lambda import index as idx
from prover_lambda.layout import summary_key
from prover_lambda.services import services
from tests.prover_lambda.rpc_server import Chain, RpcServer

_buckets = itertools.count()


@pytest.fixture
def rpc_chain():
    chain = Chain()
    server = RpcServer(chain)
    yield chain, server
    server.close()


@pytest.fixture
def app_env(moto_server, monkeypatch, rpc_chain):
    bucket = f"chalice-app-{next(_buckets)}"
    boto3.client("s3", region_name="us-east-1", endpoint_url=moto_server.url).create_bucket(
        Bucket=bucket
    )
    for name, value in {
        "PROVER_STORAGE": "s3",
        "S3_BUCKET_NAME": bucket,
        "AWS_ENDPOINT_URL": moto_server.url,
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "NODE_RPC_URLS": rpc_chain[1].url,
        "PROOF_PRESET": "fast",
    }.items():
        monkeypatch.setenv(name, value)
    services.cache_clear()
    yield services().storage
    services.cache_clear()


@pytest.fixture
def client():
    from chalice_app.app import app

    with Client(app, project_dir="chalice_app") as c:
        yield c


def _summary(n):
    return {
        "block_number": n,
        "block_hash": "0xabc",
        "program_hash": "0x1",
        "preset": "fast",
        "security_bits": 30,
        "insecure": True,
        "steps": 4096,
        "prove_seconds": 2.5,
        "proof_bytes": 1234,
        "proven_at": "2026-01-01T00:00:00Z",
        "tx_count": 1,
        "parts": [],
        "output": ["0x0"],
    }


def test_status_and_proof_routes(app_env, client):
    storage = app_env
    empty = client.http.get("/status")
    assert empty.status_code == 200
    assert json.loads(empty.body)["latest_block"] is None
    storage.put(summary_key(0), json.dumps(_summary(0)).encode())
    idx.update_index(storage, idx.mark_proven(_summary(0)), idx.mark_pending(1, "0x2", 3))
    status = json.loads(client.http.get("/status").body)
    assert status["latest_block"] == 1
    assert status["proven_height"] == 0
    assert status["blocks"] == {"pending": 1, "proven": 1, "failed": 0}
    proof = client.http.get("/blocks/0/proof")
    assert proof.status_code == 200
    assert json.loads(proof.body)["proof_bytes"] == 1234
    assert client.http.get("/blocks/1/proof").status_code == 404
    assert client.http.get("/blocks/x/proof").status_code == 404


def test_indexer_function_takes_the_sqs_event_s3_sends(app_env, client):
    storage = app_env
    storage.put(summary_key(3), json.dumps(_summary(3)).encode())
    body = json.dumps(
        {
            "Records": [
                {
                    "eventName": "ObjectCreated:Put",
                    "s3": {
                        "bucket": {"name": storage.bucket},
                        "object": {"key": "proofs%2F3.json"},
                    },
                }
            ]
        }
    )
    event = client.events.generate_sqs_event(message_bodies=[body], queue_name="starkstack-indexer")
    result = client.lambda_.invoke("indexer", event)
    assert result.payload["latest_block"] == 3
    index, _ = idx.read_index(storage)
    assert index["blocks"]["3"]["status"] == "proven"


def test_watcher_and_prover_functions_store_and_prove_a_block(app_env, client, rpc_chain):
    import stark

    storage = app_env
    chain, _ = rpc_chain
    chain.add_block([(0, 9), (1, 4)])
    scheduled = client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    result = client.lambda_.invoke("watcher", scheduled)
    assert result.payload["written"] == [0]
    body = json.dumps(
        {
            "Records": [
                {
                    "eventName": "ObjectCreated:Put",
                    "s3": {
                        "bucket": {"name": storage.bucket},
                        "object": {"key": "blocks%2F0.json"},
                    },
                }
            ]
        }
    )
    event = client.events.generate_sqs_event(message_bodies=[body], queue_name="starkstack-prover")
    result = client.lambda_.invoke("prover", event)
    assert result.payload == {
        "jobs": [{"block_number": 0, "range": [0, None], "outcome": "proven"}]
    }
    claim = stark.verify(storage.get("proofs/0.proof").data)
    assert claim.output[2:] == [
        2,
        int(chain.blocks[0]["transactions"][0]["receipt"]["transaction_hash"], 16),
        0,
        9,
        34,
        int(chain.blocks[0]["transactions"][1]["receipt"]["transaction_hash"], 16),
        1,
        4,
        24,
    ]
    proof = json.loads(client.http.get("/blocks/0/proof").body)
    assert proof["parts"][0]["key"] == "proofs/0.proof"
