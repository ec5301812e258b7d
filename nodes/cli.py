"""`python -m nodes keys | run | client`: generate a committee, run one node, send load."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from nodes.client import ClientConfig, run_client
from nodes.committee import DEFAULT_CHAIN_ID, Committee
from nodes.config import NodeConfig
from nodes.errors import NodeError
from nodes.keys import generate, load_key


def _keys(args: argparse.Namespace) -> int:
    committee = generate(
        nodes=args.nodes,
        out=args.out,
        base_port=args.base_port,
        rpc_base_port=args.rpc_base_port or args.base_port + 1000,
        host=args.host,
        chain_id=args.chain_id,
        empty_block_interval_ms=args.empty_block_interval_ms,
    )
    print(f"wrote {args.nodes} keys and committee.json to {args.out}")
    for i, a in enumerate(committee.authorities):
        print(f"node{i}: peers {a.address[0]}:{a.address[1]}  rpc http://{a.rpc[0]}:{a.rpc[1]}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from nodes.node import Node, run_forever

    config = NodeConfig.from_env(
        timeout_ms=args.timeout_ms,
        sync_retry_ms=args.sync_retry_ms,
        max_block_delay_ms=args.max_block_delay_ms,
        batch_size=args.batch_size,
        max_batch_delay_ms=args.max_batch_delay_ms,
        log_level=args.log_level,
    )
    logging.basicConfig(
        level=config.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    node = Node(
        keypair=load_key(args.key),
        committee=Committee.load(args.committee),
        store_dir=args.store,
        config=config,
        listen_host=args.listen_host,
        peer_port=args.peer_port,
        rpc_port=args.rpc_port,
    )
    asyncio.run(run_forever(node))
    return 0


def _client(args: argparse.Namespace) -> int:
    config = ClientConfig(
        nodes=tuple(u.strip() for u in args.nodes.split(",") if u.strip()),
        rate=args.rate,
        duration=args.duration,
        version=args.version,
        max_fib=args.max_fib,
        max_fact=args.max_fact,
        seed=args.seed,
    )
    if not config.nodes:
        print("--nodes needs at least one URL", file=sys.stderr)
        return 2
    print(f"sending {config.rate:g} tx/s for {config.duration:g} s to {', '.join(config.nodes)}")
    report = asyncio.run(run_client(config))
    print(f"accepted {report.accepted}, rejected {report.rejected}")
    for reason, count in report.errors.most_common():
        print(f"  rejected {count}: {reason}")
    if args.hashes_out:
        Path(args.hashes_out).write_text("".join(h + "\n" for h in report.hashes))
        print(f"hashes written to {args.hashes_out}")
    return 0 if report.accepted else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m nodes", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    k = sub.add_parser("keys", help="generate keys and committee.json")
    k.add_argument("--nodes", type=int, default=4)
    k.add_argument("--out", required=True)
    k.add_argument("--base-port", type=int, default=9000, help="peer port of node 0")
    k.add_argument(
        "--rpc-base-port",
        type=int,
        default=None,
        help="JSON-RPC port of node 0 (default base-port + 1000)",
    )
    k.add_argument("--host", default="127.0.0.1")
    k.add_argument("--chain-id", default=DEFAULT_CHAIN_ID)
    k.add_argument("--empty-block-interval-ms", type=int, default=2000)
    k.set_defaults(func=_keys)

    r = sub.add_parser("run", help="run one node")
    r.add_argument("--committee", required=True)
    r.add_argument("--key", required=True)
    r.add_argument("--store", required=True, help="directory of this node's database")
    r.add_argument(
        "--listen-host",
        default=None,
        help="bind here instead of the committee's host (e.g. 0.0.0.0)",
    )
    r.add_argument(
        "--peer-port",
        type=int,
        default=None,
        help="listen for peers here instead of the committee's port",
    )
    r.add_argument(
        "--rpc-port",
        type=int,
        default=None,
        help="serve JSON-RPC here instead of the committee's port",
    )
    r.add_argument("--timeout-ms", type=int, default=None)
    r.add_argument("--sync-retry-ms", type=int, default=None)
    r.add_argument("--max-block-delay-ms", type=int, default=None)
    r.add_argument("--batch-size", type=int, default=None)
    r.add_argument("--max-batch-delay-ms", type=int, default=None)
    r.add_argument("--log-level", default=None)
    r.set_defaults(func=_run)

    c = sub.add_parser("client", help="send random fibonacci/factorial invokes")
    c.add_argument("--nodes", required=True, help="comma-separated JSON-RPC URLs")
    c.add_argument("--rate", type=float, default=250.0, help="transactions per second")
    c.add_argument("--duration", type=float, default=10.0, help="seconds")
    c.add_argument("--version", type=int, choices=(1, 3), default=3, help="INVOKE version")
    c.add_argument("--max-fib", type=int, default=10_000)
    c.add_argument("--max-fact", type=int, default=2_000)
    c.add_argument("--seed", type=int, default=None)
    c.add_argument("--hashes-out", default=None, help="write accepted hashes here")
    c.set_defaults(func=_client)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except NodeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
