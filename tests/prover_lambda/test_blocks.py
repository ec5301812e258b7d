import json

import pytest

from prover_lambda.blocks import encode_block, parse_block
from prover_lambda.errors import CorruptBlock
from tests.prover_lambda.rpc_server import Chain, fact, fib


def test_parse_keeps_succeeded_transactions_in_order():
    chain = Chain()
    block = chain.add_block([(0, 10), (1, 5), (0, 3)], reverted=(1,))
    parsed = parse_block(encode_block(block), 0)
    assert parsed.number == 0
    assert parsed.hash_hex == block["block_hash"]
    assert parsed.tx_count == 3
    assert [(t.selector, t.n, t.result) for t in parsed.txs] == [(0, 10, fib(10)), (0, 3, fib(3))]
    assert fact(5) == 120


def test_encoding_is_canonical():
    block = Chain().add_block([(0, 1)])
    shuffled = dict(reversed(list(block.items())))
    assert encode_block(block) == encode_block(shuffled)


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda b: b"not json{", "not JSON"),
        (lambda b: json.dumps([1]).encode(), "not a JSON object"),
        (lambda b: json.dumps({**b, "block_number": 3}).encode(), "block_number 3"),
        (lambda b: json.dumps({**b, "block_hash": "zz"}).encode(), "block_hash"),
        (lambda b: json.dumps({**b, "transactions": {}}).encode(), "not a list"),
    ],
)
def test_corrupt_objects_raise_with_a_reason(mutate, reason):
    block = Chain().add_block([(0, 2)])
    with pytest.raises(CorruptBlock) as info:
        parse_block(mutate(block), 0)
    assert reason in str(info.value)
    assert info.value.block_number == 0


def test_a_succeeded_transaction_without_its_event_is_corrupt():
    block = Chain().add_block([(0, 2)])
    block["transactions"][0]["receipt"]["events"] = []
    with pytest.raises(CorruptBlock, match="without an event"):
        parse_block(encode_block(block), 0)
