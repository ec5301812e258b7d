"""index.json: status rules, proven height, and no lost update under concurrent writers."""

import json
import threading

from prover_lambda import index as idx
from prover_lambda.fs_storage import FileStorage
from prover_lambda.layout import INDEX_KEY


def _summary(n):
    return {
        "block_number": n,
        "block_hash": hex(n + 100),
        "steps": 512,
        "prove_seconds": 1.5,
        "proof_bytes": 1000,
        "proven_at": "2026-01-01T00:00:00Z",
        "tx_count": 2,
    }


def test_status_only_moves_forward(tmp_path):
    storage = FileStorage(tmp_path)
    idx.update_index(storage, idx.mark_pending(1, "0x1", 2))
    idx.update_index(storage, idx.mark_proven(_summary(1)))
    index = idx.update_index(
        storage, idx.mark_failed(1, "late failure"), idx.mark_pending(1, None, None)
    )
    entry = index["blocks"]["1"]
    assert entry["status"] == "proven"
    assert entry["error"] is None
    assert entry["steps"] == 512
    index = idx.update_index(storage, idx.mark_failed(2, "boom"))
    assert index["blocks"]["2"] == {**index["blocks"]["2"], "status": "failed", "error": "boom"}
    assert index["latest_block"] == 2
    assert json.loads(storage.get(INDEX_KEY).data) == index


def test_proven_height_is_the_top_of_the_proven_prefix():
    index = idx.empty_index()
    assert idx.proven_height(index) is None
    for n in (0, 1, 3):
        idx.mark_proven(_summary(n))(index)
    idx.mark_pending(2, None, None)(index)
    assert idx.proven_height(index) == 1
    idx.mark_proven(_summary(2))(index)
    assert idx.proven_height(index) == 3


def test_concurrent_updates_lose_nothing(s3_storage):
    def writer(k):
        for j in range(6):
            n = k * 10 + j
            idx.update_index(s3_storage, idx.mark_proven(_summary(n)))

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    index, _ = idx.read_index(s3_storage)
    assert sorted(int(n) for n in index["blocks"]) == sorted(
        k * 10 + j for k in range(4) for j in range(6)
    )
    assert all(e["status"] == "proven" for e in index["blocks"].values())
    assert index["latest_block"] == 35
