"""The sequencer node: 2-chain HotStuff consensus over batches of INVOKE transactions,
Cairo execution of committed blocks, a durable SQLite chain, and Starknet JSON-RPC.

Layers, imported one way: crypto, committee, config, wire, transactions, execution, blocks,
store (records) <- network, mempool, consensus (protocols) <- ledger, rpc (applications)
<- node (wiring) <- cli, client.
"""

__all__ = ["Committee", "KeyPair", "NodeConfig", "NodeError"]

from nodes.committee import Committee
from nodes.config import NodeConfig
from nodes.crypto import KeyPair
from nodes.errors import NodeError
