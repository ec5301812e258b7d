"""The error tree of the prover chain: one root, typed children that carry their reason.

Every error a handler raises on purpose derives from :class:`ProverLambdaError`. Errors from
boto3, httpx, the VM and the prover are translated into these at the boundary that meets them,
so a log line or a dead-lettered message always names the block and the reason::

    ProverLambdaError
    ├── ConfigError(name, value, reason)       an environment variable is unusable
    ├── StorageError(key, reason)              the bucket or folder failed
    │   ├── ObjectNotFound(key)
    │   └── ConditionFailed(key, condition)    a conditional write lost its race
    ├── RpcError(method, code, message)        a node answered with an error
    ├── NodesUnavailable(method, failures)     no node answered
    ├── RecordError(reason)                    a part record is unreadable
    ├── QueueError(queue, reason)              a range job could not be sent
    ├── MotoServerError(reason)                the local moto server did not start
    ├── EventError(message_id, reason)         a queue message is not an event we know
    └── BlockError(block_number, reason)       this block cannot be proven
        ├── CorruptBlock                       the stored block is unreadable
        ├── BlockRejected                      the block program refuses the block
        ├── ProofCheckFailed                   a proof does not verify for its range
        └── JobFailed                          the job cannot run as configured
"""

from __future__ import annotations


class ProverLambdaError(Exception):
    """Root of every error raised on purpose by ``prover_lambda``."""


class ConfigError(ProverLambdaError):
    """An environment variable holds a value the prover chain cannot use."""

    def __init__(self, name: str, value: str, reason: str) -> None:
        super().__init__(f"{name}={value!r}: {reason}")
        self.name = name
        self.value = value
        self.reason = reason


class StorageError(ProverLambdaError):
    """The storage backend failed for a reason other than a missing key or a lost race."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"storage error on {key!r}: {reason}")
        self.key = key
        self.reason = reason


class ObjectNotFound(StorageError):
    """The key holds no object."""

    def __init__(self, key: str) -> None:
        super().__init__(key, "no such object")


class ConditionFailed(StorageError):
    """A conditional write lost: the object exists (create) or changed (update)."""

    def __init__(self, key: str, condition: str) -> None:
        super().__init__(key, f"precondition {condition} did not hold")
        self.condition = condition


class RpcError(ProverLambdaError):
    """A node answered a JSON-RPC call with an error object."""

    def __init__(self, method: str, code: int, message: str) -> None:
        super().__init__(f"{method}: error {code}: {message}")
        self.method = method
        self.code = code
        self.message = message


class NodesUnavailable(ProverLambdaError):
    """No node of ``NODE_RPC_URLS`` answered; each URL's failure is kept."""

    def __init__(self, method: str, failures: dict[str, str]) -> None:
        detail = "; ".join(f"{url}: {why}" for url, why in failures.items())
        super().__init__(f"{method}: no node answered ({detail})")
        self.method = method
        self.failures = failures


class RecordError(ProverLambdaError):
    """A stored record (a range's part record) cannot be read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class QueueError(ProverLambdaError):
    """A range job could not be sent to the prover's queue."""

    def __init__(self, queue: str, reason: str) -> None:
        super().__init__(f"cannot send to {queue}: {reason}")
        self.queue = queue
        self.reason = reason


class MotoServerError(ProverLambdaError):
    """moto's server, started by the local runtime or the tests, did not come up."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EventError(ProverLambdaError):
    """A queue message is neither an S3 event record nor a range job."""

    def __init__(self, message_id: str, reason: str) -> None:
        super().__init__(f"message {message_id}: {reason}")
        self.message_id = message_id
        self.reason = reason


class BlockError(ProverLambdaError):
    """A block cannot be proven; carries the block number and the reason."""

    def __init__(self, block_number: int, reason: str) -> None:
        super().__init__(f"block {block_number}: {reason}")
        self.block_number = block_number
        self.reason = reason


class CorruptBlock(BlockError):
    """The stored block object is not a readable ``starknet_getBlockWithReceipts`` result."""


class BlockRejected(BlockError):
    """The block program refuses the block, or computes other results than its receipts."""


class ProofCheckFailed(BlockError):
    """A proof (fresh, or found stored) does not verify for the range it should prove."""

    def __init__(self, block_number: int, reason: str) -> None:
        super().__init__(block_number, f"proof does not verify: {reason}")


class JobFailed(BlockError):
    """A job cannot be carried out as configured (e.g. a split with no queue to send to)."""
