"""The node client against a real HTTP JSON-RPC server, with failover."""

import pytest

from prover_lambda.errors import NodesUnavailable, RpcError
from prover_lambda.local.moto_server import free_port
from prover_lambda.rpc import BLOCK_NOT_FOUND, NodeClient


def test_block_number_and_block(chain, rpc_server):
    chain.add_block([(0, 5)])
    chain.add_block([(1, 4), (0, 10)])
    client = NodeClient([rpc_server.url])
    assert client.block_number() == 1
    block = client.block_with_receipts(1)
    assert block["block_number"] == 1
    assert [e["transaction"]["calldata"] for e in block["transactions"]] == [
        ["0x1", "0x4"],
        ["0x0", "0xa"],
    ]


def test_falls_over_to_the_next_node_and_stays_there(chain, rpc_server):
    chain.add_block([])
    down = f"http://127.0.0.1:{free_port()}"
    client = NodeClient([down, rpc_server.url], timeout_s=2)
    assert client.block_number() == 0
    assert client.urls[client._preferred] == rpc_server.url
    assert client.block_number() == 0
    assert chain.calls == ["starknet_blockNumber", "starknet_blockNumber"]


def test_no_node_up_names_every_failure():
    urls = [f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"]
    with pytest.raises(NodesUnavailable) as info:
        NodeClient(urls, timeout_s=1).block_number()
    assert set(info.value.failures) == set(urls)


def test_an_rpc_error_is_an_answer_not_a_failover(chain, rpc_server):
    chain.add_block([])
    with pytest.raises(RpcError) as info:
        NodeClient([rpc_server.url]).block_with_receipts(5)
    assert info.value.code == BLOCK_NOT_FOUND
