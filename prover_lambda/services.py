"""What a handler works with, built once per process from the environment."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from prover_lambda.config import Config, load_config
from prover_lambda.jobs import JobQueue, SqsJobQueue
from prover_lambda.rpc import NodeClient
from prover_lambda.storage import Storage, open_storage


@dataclass(frozen=True)
class Services:
    """Configuration, storage, the nodes and the range-job queue."""

    config: Config
    storage: Storage
    nodes: NodeClient
    jobs: JobQueue | None


def build_services(config: Config) -> Services:
    """Services for ``config``."""
    return Services(
        config=config,
        storage=open_storage(config),
        nodes=NodeClient(config.node_rpc_urls, timeout_s=config.rpc_timeout_s),
        jobs=SqsJobQueue.from_config(config),
    )


@functools.cache
def services() -> Services:
    """This process's services, read from the environment on first use."""
    return build_services(load_config())
