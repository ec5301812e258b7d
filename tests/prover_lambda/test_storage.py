"""Both backends honour the same conditional-write contract (S3 on moto's real server)."""

import threading

import pytest

from prover_lambda.errors import ConditionFailed, ObjectNotFound, StorageError
from prover_lambda.fs_storage import FileStorage


@pytest.fixture(params=["fs", "s3"])
def storage(request, tmp_path):
    if request.param == "fs":
        return FileStorage(tmp_path / "store")
    return request.getfixturevalue("s3_storage")


def test_put_get_list_and_metadata(storage):
    etag = storage.put("proofs/1.proof", b"\x00\x01", metadata={"prove-seconds": "1.5"})
    stored = storage.get("proofs/1.proof")
    assert stored.data == b"\x00\x01"
    assert stored.etag.strip('"') == etag.strip('"')
    assert stored.metadata["prove-seconds"] == "1.5"
    storage.put("proofs/1/0-3.json", b"{}")
    storage.put("blocks/1.json", b"{}")
    assert storage.list("proofs/") == ["proofs/1.proof", "proofs/1/0-3.json"]
    assert storage.exists("blocks/1.json")
    assert not storage.exists("blocks/2.json")


def test_missing_object(storage):
    with pytest.raises(ObjectNotFound):
        storage.get("blocks/9.json")


def test_create_only_never_overwrites(storage):
    storage.put("blocks/1.json", b"first", create_only=True)
    with pytest.raises(ConditionFailed):
        storage.put("blocks/1.json", b"second", create_only=True)
    assert storage.get("blocks/1.json").data == b"first"


def test_if_match_refuses_a_stale_etag(storage):
    old = storage.put("index.json", b"1")
    new = storage.put("index.json", b"2", if_match=old)
    with pytest.raises(ConditionFailed):
        storage.put("index.json", b"3", if_match=old)
    storage.put("index.json", b"4", if_match=new)
    assert storage.get("index.json").data == b"4"


def test_if_match_on_a_missing_object_fails(storage):
    with pytest.raises(ConditionFailed):
        storage.put("index.json", b"1", if_match='"abc"')


def test_racing_creates_have_exactly_one_winner(storage):
    winners = []
    barrier = threading.Barrier(6)

    def create(k):
        barrier.wait()
        try:
            storage.put("blocks/5.json", f"writer {k}".encode(), create_only=True)
            winners.append(k)
        except ConditionFailed:
            pass

    threads = [threading.Thread(target=create, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(winners) == 1
    assert storage.get("blocks/5.json").data == f"writer {winners[0]}".encode()


def test_fs_rejects_keys_escaping_the_folder(tmp_path):
    storage = FileStorage(tmp_path)
    for key in ("../x", "a//b", "/abs", ".meta/x"):
        with pytest.raises(StorageError):
            storage.put(key, b"x")
