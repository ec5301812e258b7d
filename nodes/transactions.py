"""Invoke transactions: parsing the JSON-RPC form, their Starknet hash, and the RPC view.

The node accepts INVOKE v1 and v3 (the `BROADCASTED_INVOKE_TXN` of the Starknet JSON-RPC
specification). The transaction hash is Starknet's own formula, computed with starknet-py's
`starknet_py.hash.transaction` (Pedersen for v1, Poseidon for v3) over the node's chain id,
so any Starknet tool computes the same hash for the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starknet_py.hash.transaction import (
    CommonTransactionV3Fields,
    TransactionHashPrefix,
    compute_invoke_transaction_hash,
    compute_invoke_v3_transaction_hash,
)
from starknet_py.net.client_models import DAMode, ResourceBounds, ResourceBoundsMapping

from cairovm.felt import PRIME
from nodes.errors import InvalidTransaction

Felt = int

MAX_CALLDATA = 256
MAX_SIGNATURE = 16
MAX_EXTRA_DATA = 16
RESOURCES = ("l1_gas", "l2_gas", "l1_data_gas")
DA_MODES = {"L1": 0, "L2": 1}


def to_hex(value: int) -> str:
    """A felt as the RPC writes it: 0x and lowercase hex, no padding."""
    return hex(value)


def parse_felt(value: Any, what: str, bound: int = PRIME) -> Felt:
    """A '0x..' hex string (the RPC's FELT) -> int.

    Raises:
        InvalidTransaction: not a string, not hex, or not below `bound`.
    """
    if not isinstance(value, str) or value[:2] not in ("0x", "0X") or len(value) > 66:
        raise InvalidTransaction(f"{what} must be a 0x-prefixed hex felt")
    try:
        number = int(value, 16)
    except ValueError as exc:
        raise InvalidTransaction(f"{what} is not hex") from exc
    if number >= bound:
        raise InvalidTransaction(f"{what} is out of range")
    return number


def _felts(d: dict[str, Any], key: str, max_len: int, default: Any = None) -> tuple[Felt, ...]:
    value = d.get(key, default)
    if not isinstance(value, list) or len(value) > max_len:
        raise InvalidTransaction(f"{key} must be a list of at most {max_len} felts")
    return tuple(parse_felt(v, key) for v in value)


@dataclass(frozen=True)
class InvokeTransaction:
    """An INVOKE v1 or v3 transaction as submitted (fields not used by a version are zero)."""

    version: int
    sender_address: Felt
    calldata: tuple[Felt, ...]
    signature: tuple[Felt, ...]
    nonce: Felt
    max_fee: Felt = 0
    tip: int = 0
    resource_bounds: tuple[tuple[int, int], ...] = ((0, 0), (0, 0), (0, 0))
    paymaster_data: tuple[Felt, ...] = ()
    account_deployment_data: tuple[Felt, ...] = ()
    nonce_da_mode: int = 0
    fee_da_mode: int = 0

    @classmethod
    def from_rpc(cls, value: Any) -> InvokeTransaction:
        """Parse a BROADCASTED_INVOKE_TXN (v1 or v3).

        Raises:
            InvalidTransaction: a field is missing or malformed.
            UnsupportedVersion: the version is not 0x1 or 0x3.
        """
        if not isinstance(value, dict):
            raise InvalidTransaction("invoke_transaction must be an object")
        if value.get("type", "INVOKE") != "INVOKE":
            raise InvalidTransaction("only INVOKE transactions are accepted")
        version = parse_felt(value.get("version"), "version")
        common = {
            "sender_address": parse_felt(value.get("sender_address"), "sender_address"),
            "calldata": _felts(value, "calldata", MAX_CALLDATA),
            "signature": _felts(value, "signature", MAX_SIGNATURE, []),
            "nonce": parse_felt(value.get("nonce"), "nonce"),
        }
        if version == 1:
            max_fee = value.get("max_fee", "0x0")
            return cls(version=1, max_fee=parse_felt(max_fee, "max_fee"), **common)
        if version == 3:
            return cls(version=3, **common, **_v3_fields(value))
        raise UnsupportedVersion(version)

    def hash(self, chain_id: int) -> Felt:
        """The Starknet transaction hash (starknet-py's formula for this version)."""
        if self.version == 1:
            return compute_invoke_transaction_hash(
                version=1,
                sender_address=self.sender_address,
                calldata=list(self.calldata),
                max_fee=self.max_fee,
                chain_id=chain_id,
                nonce=self.nonce,
            )
        bounds = ResourceBoundsMapping(
            **{
                name: ResourceBounds(max_amount=a, max_price_per_unit=p)
                for name, (a, p) in zip(RESOURCES, self.resource_bounds, strict=True)
            }
        )
        common = CommonTransactionV3Fields(
            tx_prefix=TransactionHashPrefix.INVOKE,
            version=3,
            address=self.sender_address,
            tip=self.tip,
            resource_bounds=bounds,
            paymaster_data=list(self.paymaster_data),
            chain_id=chain_id,
            nonce=self.nonce,
            nonce_data_availability_mode=DAMode(self.nonce_da_mode),
            fee_data_availability_mode=DAMode(self.fee_da_mode),
        )
        return compute_invoke_v3_transaction_hash(
            account_deployment_data=list(self.account_deployment_data),
            calldata=list(self.calldata),
            common_fields=common,
        )

    def to_rpc(self, tx_hash: Felt | None = None) -> dict[str, Any]:
        """The INVOKE_TXN_V1 / INVOKE_TXN_V3 object of the specification."""
        out: dict[str, Any] = {}
        if tx_hash is not None:
            out["transaction_hash"] = to_hex(tx_hash)
        out.update(
            {
                "type": "INVOKE",
                "version": to_hex(self.version),
                "sender_address": to_hex(self.sender_address),
                "calldata": [to_hex(v) for v in self.calldata],
                "signature": [to_hex(v) for v in self.signature],
                "nonce": to_hex(self.nonce),
            }
        )
        if self.version == 1:
            out["max_fee"] = to_hex(self.max_fee)
            return out
        names = {v: k for k, v in DA_MODES.items()}
        out.update(
            {
                "resource_bounds": {
                    name: {"max_amount": to_hex(a), "max_price_per_unit": to_hex(p)}
                    for name, (a, p) in zip(RESOURCES, self.resource_bounds, strict=True)
                },
                "tip": to_hex(self.tip),
                "paymaster_data": [to_hex(v) for v in self.paymaster_data],
                "account_deployment_data": [to_hex(v) for v in self.account_deployment_data],
                "nonce_data_availability_mode": names[self.nonce_da_mode],
                "fee_data_availability_mode": names[self.fee_da_mode],
            }
        )
        return out


class UnsupportedVersion(InvalidTransaction):
    """A transaction version other than INVOKE v1 or v3."""

    def __init__(self, version: int) -> None:
        super().__init__(f"transaction version {version:#x} is not supported")
        self.version = version


def _v3_fields(value: dict[str, Any]) -> dict[str, Any]:
    bounds_in = value.get("resource_bounds")
    if not isinstance(bounds_in, dict):
        raise InvalidTransaction("resource_bounds must be an object")
    bounds = []
    for name in RESOURCES:
        entry = bounds_in.get(name)
        if not isinstance(entry, dict):
            raise InvalidTransaction(f"resource_bounds.{name} is missing")
        bounds.append(
            (
                parse_felt(entry.get("max_amount"), f"{name}.max_amount", 2**64),
                parse_felt(entry.get("max_price_per_unit"), f"{name}.max_price_per_unit", 2**128),
            )
        )
    modes = []
    for key in ("nonce_data_availability_mode", "fee_data_availability_mode"):
        mode = value.get(key, "L1")
        if mode not in DA_MODES:
            raise InvalidTransaction(f"{key} must be L1 or L2")
        modes.append(DA_MODES[mode])
    return {
        "tip": parse_felt(value.get("tip", "0x0"), "tip", 2**64),
        "resource_bounds": tuple(bounds),
        "paymaster_data": _felts(value, "paymaster_data", MAX_EXTRA_DATA, []),
        "account_deployment_data": _felts(value, "account_deployment_data", MAX_EXTRA_DATA, []),
        "nonce_da_mode": modes[0],
        "fee_da_mode": modes[1],
    }
