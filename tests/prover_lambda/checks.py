"""Checks shared by the integration tests: what a proven block must look like in the bucket."""

from __future__ import annotations

import json

import stark
from prover_lambda import index as idx
from prover_lambda.layout import summary_key
from tests.prover_lambda.rpc_server import fact, fib


def index_of(storage):
    """The bucket's index.json as a dict."""
    return idx.read_index(storage)[0]


def check_proven(storage, block):
    """The summary's proofs verify and prove exactly this block's succeeded transactions."""
    summary = json.loads(storage.get(summary_key(block["block_number"])).data)
    succeeded = [
        e for e in block["transactions"] if e["receipt"]["execution_status"] == "SUCCEEDED"
    ]
    expected = [block["block_number"], int(block["block_hash"], 16), len(succeeded)]
    for e in succeeded:
        selector, n = (int(x, 16) for x in e["transaction"]["calldata"])
        expected += [
            int(e["receipt"]["transaction_hash"], 16),
            selector,
            n,
            fib(n) if selector == 0 else fact(n),
        ]
    assert [int(x, 16) for x in summary["output"]] == expected
    proven_txs = []
    for part in summary["parts"]:
        claim = stark.verify(storage.get(part["key"]).data)
        assert claim.program_hash == summary["program_hash"]
        assert claim.output[0] == block["block_number"]
        assert claim.output[1] == int(block["block_hash"], 16)
        proven_txs += claim.output[3:]
    assert proven_txs == expected[3:]
    return summary
