"""The proof object and its versioned, canonical binary encoding.

A proof file is ``MAGIC ‖ VERSION ‖ options ‖ public input ‖ STARK proof`` (layout documented in
``docs/proof-format.md``).  Every integer is fixed-width big-endian, every field element 32 bytes
and reduced, every list length-prefixed; the decoder consumes exactly the whole input and then
re-encodes what it read and compares, so the only bytes it accepts are the canonical encoding of
what they decode to.  Sizes stated in the proof are only read here; the verifier checks each one
against what the public input and options imply.  Pure standard library.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .encoding import Reader, Writer
from .errors import InvalidOptions, InvalidProof
from .field import Felt
from .options import ProofOptions
from .public_input import CairoPublicInput, decode_public_input, encode_public_input

MAGIC = b"STKP"
VERSION = 1

_MAX_COLUMNS = 4096
_MAX_LEAVES = 1 << 12
_MAX_NODES = 1 << 16
_MAX_LAYERS = 64
_MAX_OOD = 2 * _MAX_COLUMNS + 64
_MAX_LAST_LAYER = 1 << 12


@dataclass(frozen=True)
class Opening:
    """Opened leaves of one commitment (each a row of ``width`` elements) and their siblings."""

    width: int
    rows: tuple[tuple[Felt, ...], ...]
    nodes: tuple[bytes, ...]


@dataclass(frozen=True)
class StarkProof:
    """Everything the prover sends after the public input, in protocol order."""

    trace_roots: tuple[bytes, ...]
    composition_root: bytes
    ood_current: tuple[Felt, ...]
    ood_next: tuple[Felt, ...]
    ood_composition: tuple[Felt, ...]
    fri_roots: tuple[bytes, ...]
    fri_last_layer: tuple[Felt, ...]
    pow_nonce: int
    trace_openings: tuple[Opening, ...]
    composition_opening: Opening
    fri_openings: tuple[Opening, ...]


@dataclass(frozen=True)
class CairoProof:
    options: ProofOptions
    public_input: CairoPublicInput
    stark: StarkProof


def encode_options(w: Writer, options: ProofOptions) -> None:
    w.u8(options.blowup_log)
    w.u16(options.num_queries)
    w.u8(options.grinding_bits)
    w.u8(options.fri_last_layer_log)


def decode_options(r: Reader) -> ProofOptions:
    blowup_log = r.u8("blowup")
    queries = r.u16("number of queries")
    grinding = r.u8("grinding bits")
    last = r.u8("last FRI layer size")
    try:
        return ProofOptions(
            blowup_log=blowup_log,
            num_queries=queries,
            grinding_bits=grinding,
            fri_last_layer_log=last,
        )
    except InvalidOptions as exc:
        raise InvalidProof(f"unsupported proof options: {exc.reason}") from exc


def _encode_opening(w: Writer, opening: Opening) -> None:
    w.u16(opening.width)
    w.u16(len(opening.rows))
    for row in opening.rows:
        if len(row) != opening.width:
            raise ValueError("opened row of the wrong width")
        for v in row:
            w.felt(v)
    w.u32(len(opening.nodes))
    for node in opening.nodes:
        w.digest(node)


def _decode_opening(r: Reader, what: str) -> Opening:
    width = r.u16(f"{what} width")
    if width > 2 * _MAX_COLUMNS:
        raise InvalidProof(f"malformed proof: {what} rows are {width} wide")
    count = r.u16(f"{what} leaf count")
    if count > _MAX_LEAVES:
        raise InvalidProof(f"malformed proof: {what} opens {count} leaves")
    rows = tuple(r.felt_array(width, f"{what} values") for _ in range(count))
    n_nodes = r.u32(f"{what} node count")
    if n_nodes > _MAX_NODES:
        raise InvalidProof(f"malformed proof: {what} has {n_nodes} Merkle nodes")
    nodes = tuple(r.digest(f"{what} Merkle node") for _ in range(n_nodes))
    return Opening(width=width, rows=rows, nodes=nodes)


def encode_stark_proof(w: Writer, proof: StarkProof) -> None:
    w.u8(len(proof.trace_roots))
    for root in proof.trace_roots:
        w.digest(root)
    w.digest(proof.composition_root)
    w.felts(proof.ood_current)
    w.felts(proof.ood_next)
    w.felts(proof.ood_composition)
    w.u8(len(proof.fri_roots))
    for root in proof.fri_roots:
        w.digest(root)
    w.felts(proof.fri_last_layer)
    w.u64(proof.pow_nonce)
    w.u8(len(proof.trace_openings))
    for opening in proof.trace_openings:
        _encode_opening(w, opening)
    _encode_opening(w, proof.composition_opening)
    w.u8(len(proof.fri_openings))
    for opening in proof.fri_openings:
        _encode_opening(w, opening)


def decode_stark_proof(r: Reader) -> StarkProof:
    n_trace = r.u8("number of trace commitments")
    if n_trace > 2:
        raise InvalidProof(f"malformed proof: {n_trace} trace commitments")
    trace_roots = tuple(r.digest("trace root") for _ in range(n_trace))
    composition_root = r.digest("composition root")
    ood_current = r.felts("out-of-domain trace values", _MAX_OOD)
    ood_next = r.felts("out-of-domain next-row values", _MAX_OOD)
    ood_composition = r.felts("out-of-domain composition values", _MAX_OOD)
    n_layers = r.u8("number of FRI layers")
    if n_layers > _MAX_LAYERS:
        raise InvalidProof(f"malformed proof: {n_layers} FRI layers")
    fri_roots = tuple(r.digest("FRI layer root") for _ in range(n_layers))
    fri_last_layer = r.felts("last FRI layer", _MAX_LAST_LAYER)
    pow_nonce = r.u64("proof-of-work nonce")
    n_trace_openings = r.u8("number of trace openings")
    if n_trace_openings > 2:
        raise InvalidProof(f"malformed proof: {n_trace_openings} trace openings")
    trace_openings = tuple(
        _decode_opening(r, f"trace opening {i}") for i in range(n_trace_openings)
    )
    composition_opening = _decode_opening(r, "composition opening")
    n_fri_openings = r.u8("number of FRI openings")
    if n_fri_openings > _MAX_LAYERS:
        raise InvalidProof(f"malformed proof: {n_fri_openings} FRI openings")
    fri_openings = tuple(
        _decode_opening(r, f"FRI layer {i + 1} opening") for i in range(n_fri_openings)
    )
    return StarkProof(
        trace_roots=trace_roots,
        composition_root=composition_root,
        ood_current=ood_current,
        ood_next=ood_next,
        ood_composition=ood_composition,
        fri_roots=fri_roots,
        fri_last_layer=fri_last_layer,
        pow_nonce=pow_nonce,
        trace_openings=trace_openings,
        composition_opening=composition_opening,
        fri_openings=fri_openings,
    )


def statement_bytes(options: ProofOptions, public_input: CairoPublicInput) -> bytes:
    """The header, options and public input: what the transcript absorbs first."""
    w = Writer()
    w.raw(MAGIC)
    w.u16(VERSION)
    encode_options(w, options)
    encode_public_input(w, public_input)
    return w.getvalue()


def encode_proof(proof: CairoProof) -> bytes:
    w = Writer()
    w.raw(statement_bytes(proof.options, proof.public_input))
    encode_stark_proof(w, proof.stark)
    return w.getvalue()


def decode_proof(data: bytes) -> CairoProof:
    """Decode a proof file; raises InvalidProof unless ``data`` is a canonical encoding."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InvalidProof("a proof is a byte string")
    data = bytes(data)
    r = Reader(data)
    if r.raw(len(MAGIC), "magic") != MAGIC:
        raise InvalidProof("not a starkstack proof (bad magic bytes)")
    version = r.u16("version")
    if version != VERSION:
        raise InvalidProof(f"unsupported proof version {version} (this verifier reads {VERSION})")
    options = decode_options(r)
    public_input = decode_public_input(r)
    stark = decode_stark_proof(r)
    r.expect_end()
    proof = CairoProof(options=options, public_input=public_input, stark=stark)
    if encode_proof(proof) != data:
        raise InvalidProof("malformed proof: not the canonical encoding")
    return proof


def section_offsets(proof: CairoProof) -> list[tuple[str, int, int]]:
    """(section, start, end) byte ranges of the encoded proof, in order (for tooling and tests)."""
    sections: list[tuple[str, int, int]] = []
    w = Writer()

    def mark(name: str, write: Callable[[], None]) -> None:
        start = len(w.getvalue())
        write()
        sections.append((name, start, len(w.getvalue())))

    s = proof.stark
    mark("header", lambda: (w.raw(MAGIC), w.u16(VERSION)))
    mark("options", lambda: encode_options(w, proof.options))
    mark("public input", lambda: encode_public_input(w, proof.public_input))
    mark(
        "trace roots",
        lambda: (w.u8(len(s.trace_roots)), [w.digest(r) for r in s.trace_roots]),
    )
    mark("composition root", lambda: w.digest(s.composition_root))
    mark("out-of-domain values", lambda: (w.felts(s.ood_current), w.felts(s.ood_next)))
    mark("out-of-domain composition", lambda: w.felts(s.ood_composition))
    mark("FRI roots", lambda: (w.u8(len(s.fri_roots)), [w.digest(r) for r in s.fri_roots]))
    mark("FRI last layer", lambda: w.felts(s.fri_last_layer))
    mark("proof-of-work nonce", lambda: w.u64(s.pow_nonce))
    mark(
        "trace openings",
        lambda: (
            w.u8(len(s.trace_openings)),
            [_encode_opening(w, o) for o in s.trace_openings],
        ),
    )
    mark("composition opening", lambda: _encode_opening(w, s.composition_opening))
    mark(
        "FRI openings",
        lambda: (
            w.u8(len(s.fri_openings)),
            [_encode_opening(w, o) for o in s.fri_openings],
        ),
    )
    return sections
