"""The prover on real storage (moto's server, a folder) and a real SQS queue, with real proofs."""

from __future__ import annotations

import json

import boto3
import pytest

import stark
from prover_lambda.blocks import encode_block
from prover_lambda.config import Config
from prover_lambda.errors import ConfigError, JobFailed, ProofCheckFailed
from prover_lambda.fs_storage import FileStorage
from prover_lambda.jobs import RangeJob, SqsJobQueue
from prover_lambda.layout import block_key, proof_key, range_prefix, summary_key
from prover_lambda.prover import Outcome, prove_job, tiling
from prover_lambda.records import Part
from prover_lambda.rpc import NodeClient
from prover_lambda.services import Services
from tests.prover_lambda.rpc_server import Chain, fib


def _services(storage, jobs=None, **config):
    return Services(Config(proof_preset="fast", **config), storage, NodeClient(["http://x"]), jobs)


def _store(storage, block):
    storage.put(block_key(block["block_number"]), encode_block(block), create_only=True)


def test_a_block_over_the_budget_is_proven_as_ranges_that_cover_it_once(s3_storage, moto_server):
    sqs = boto3.client("sqs", region_name="us-east-1", endpoint_url=moto_server.url)
    url = sqs.create_queue(QueueName=f"{s3_storage.bucket}-jobs")["QueueUrl"]
    svc = _services(s3_storage, SqsJobQueue(sqs, url), max_steps=512)
    chain = Chain()
    chain.add_block([])
    block = chain.add_block([(0, 100), (0, 5), (1, 3), (0, 4), (1, 5)])
    _store(s3_storage, block)

    assert prove_job(svc, RangeJob(1)) is Outcome.SPLIT
    outcomes = []
    while messages := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=1, WaitTimeSeconds=1
    ).get("Messages"):
        job = RangeJob.from_body(json.loads(messages[0]["Body"]))
        outcomes.append(((job.first, job.last), prove_job(svc, job)))
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
    assert outcomes[-1][1] is Outcome.PROVEN
    assert [o for _, o in outcomes].count(Outcome.PROVEN) == 1

    summary = json.loads(s3_storage.get(summary_key(1)).data)
    ranges = [(p["first"], p["last"]) for p in summary["parts"]]
    assert ranges == [(0, 0), (1, 1), (2, 2), (3, 4)]
    proven = []
    for part in summary["parts"]:
        claim = stark.verify(s3_storage.get(part["key"]).data)
        assert claim.output[:2] == [1, int(block["block_hash"], 16)]
        assert claim.output[2] == part["last"] - part["first"] + 1
        assert part["steps"] <= 512 or part["first"] == part["last"]
        proven += claim.output[3:]
    hashes = [int(e["transaction"]["transaction_hash"], 16) for e in block["transactions"]]
    assert proven[0::4] == hashes
    assert proven[3] == fib(100)
    assert [int(x, 16) for x in summary["output"]][3:] == proven
    assert summary["steps"] == sum(p["steps"] for p in summary["parts"])
    assert not s3_storage.exists(proof_key(1))
    assert prove_job(svc, RangeJob(1, 3, 4)) is Outcome.ALREADY_PROVEN


def test_a_split_without_a_queue_is_a_clear_error(tmp_path):
    storage = FileStorage(tmp_path)
    _store(storage, Chain().add_block([(0, 100), (0, 100)]))
    with pytest.raises(JobFailed, match="PROVER_QUEUE_URL"):
        prove_job(_services(storage, max_steps=512), RangeJob(0))


def test_folder_storage_and_recovery_after_a_kill_between_proof_and_summary(tmp_path):
    storage = FileStorage(tmp_path / "proofs")
    svc = _services(storage)
    block = Chain().add_block([(1, 10), (0, 10)])
    _store(storage, block)
    assert prove_job(svc, RangeJob(0)) is Outcome.PROVEN
    proof = storage.get(proof_key(0))
    first = json.loads(storage.get(summary_key(0)).data)
    assert prove_job(svc, RangeJob(0)) is Outcome.ALREADY_PROVEN

    (tmp_path / "proofs" / "proofs" / "0.json").unlink()  # as if killed before the summary
    assert prove_job(svc, RangeJob(0)) is Outcome.PROVEN
    again = json.loads(storage.get(summary_key(0)).data)
    assert storage.get(proof_key(0)).etag == proof.etag
    assert again["prove_seconds"] == first["prove_seconds"]
    assert again["output"] == first["output"]


def test_a_stored_proof_that_does_not_verify_is_never_summarized(tmp_path):
    storage = FileStorage(tmp_path)
    svc = _services(storage)
    _store(storage, Chain().add_block([(0, 3)]))
    assert prove_job(svc, RangeJob(0)) is Outcome.PROVEN
    data = bytearray(storage.get(proof_key(0)).data)
    data[len(data) // 2] ^= 1
    (tmp_path / "proofs" / "0.json").unlink()
    (tmp_path / "proofs" / "0.proof").write_bytes(bytes(data))
    with pytest.raises(ProofCheckFailed):
        prove_job(svc, RangeJob(0))
    assert not storage.exists(summary_key(0))


def _part(first, last):
    return Part(
        0,
        f"{range_prefix(0)}{first}-{last}.proof",
        first,
        last,
        "0x1",
        "fast",
        1,
        True,
        1,
        1.0,
        1,
        (),
        "t",
    )


def test_tiling_finds_an_exact_cover_or_none():
    parts = [_part(0, 1), _part(2, 4), _part(0, 0), _part(1, 1), _part(5, 5)]
    assert [(p.first, p.last) for p in tiling(parts, 6)] == [(0, 1), (2, 4), (5, 5)]
    assert tiling(parts, 7) is None
    assert tiling([_part(0, 2), _part(2, 3)], 4) is None


def test_an_unknown_preset_is_a_config_error_and_stores_nothing(tmp_path):
    storage = FileStorage(tmp_path)
    _store(storage, Chain().add_block([]))
    svc = Services(Config(proof_preset="turbo"), storage, NodeClient(["http://x"]), None)
    with pytest.raises(ConfigError) as info:
        prove_job(svc, RangeJob(0))
    assert info.value.name == "PROOF_PRESET"
    assert storage.list("proofs/") == []


def test_without_self_verification_the_stored_proof_still_verifies(tmp_path):
    storage = FileStorage(tmp_path)
    block = Chain().add_block([(0, 6)])
    _store(storage, block)
    assert prove_job(_services(storage, verify_proofs=False), RangeJob(0)) is Outcome.PROVEN
    claim = stark.verify(storage.get(proof_key(0)).data)
    summary = json.loads(storage.get(summary_key(0)).data)
    assert [hex(v) for v in claim.output] == summary["output"]
    assert summary["insecure"] is True


def test_a_stored_proof_of_another_block_is_refused(tmp_path):
    storage = FileStorage(tmp_path)
    svc = _services(storage)
    chain = Chain()
    for _ in range(2):
        _store(storage, chain.add_block([]))
    assert prove_job(svc, RangeJob(0)) is Outcome.PROVEN
    (tmp_path / "proofs" / "1.proof").write_bytes(storage.get(proof_key(0)).data)
    with pytest.raises(ProofCheckFailed, match="public output"):
        prove_job(svc, RangeJob(1))
    assert not storage.exists(summary_key(1))
