"""BLAKE2s-256 (RFC 7693) compiled with numba, bit-identical to ``hashlib.blake2s``.

The prover hashes millions of short messages (Merkle leaves of committed rows, inner nodes,
proof-of-work nonces); calling hashlib once per message from Python costs more than the hashing.
These kernels hash whole batches in one call, split across threads: rows of a byte matrix
(leaves), pairs of digests (a tree level), and consecutive nonces (grinding).  Only unkeyed
hashing with a 32-byte digest and an 8-byte personalisation is supported: what the protocol uses.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from llvmlite import ir
from numba import prange, types
from numba.extending import intrinsic

from .jit import inline, kernel

DIGEST_BYTES = 32
BLOCK_BYTES = 64
_IV = (
    0x6A09E667,
    0xBB67AE85,
    0x3C6EF372,
    0xA54FF53A,
    0x510E527F,
    0x9B05688C,
    0x1F83D9AB,
    0x5BE0CD19,
)
_SIGMA = np.array(
    [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
        [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
        [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
        [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
        [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
        [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
        [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
        [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
        [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
        [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
    ],
    dtype=np.int64,
)
TASKS = 64  # batches are cut into this many pieces for the threads


@lru_cache(maxsize=16)
def initial_state(person: bytes) -> np.ndarray:
    """The chaining value before the first block: IV xor the parameter block (8 uint32)."""
    if len(person) > 8:
        raise ValueError("a blake2s personalisation has at most 8 bytes")
    param = bytearray(32)
    param[0] = DIGEST_BYTES
    param[2] = 1  # fanout
    param[3] = 1  # depth
    param[24:32] = person.ljust(8, b"\0")
    words = np.frombuffer(bytes(param), dtype="<u4").astype(np.uint32)
    out = np.array(_IV, dtype=np.uint32) ^ words
    out.setflags(write=False)
    return out


_I32 = ir.IntType(32)
_I64 = ir.IntType(64)
_COLUMN_STEPS = ((0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15))
_DIAGONAL_STEPS = ((0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14))


def _rotr(builder: ir.IRBuilder, x: ir.Value, n: int) -> ir.Value:
    return builder.or_(
        builder.lshr(x, ir.Constant(_I32, n)), builder.shl(x, ir.Constant(_I32, 32 - n))
    )


def _emit_compress(
    builder: ir.IRBuilder, h_ptr: ir.Value, m_ptr: ir.Value, counter: ir.Value, last: ir.Value
) -> None:
    """RFC 7693 §3.2 as straight-line 32-bit LLVM IR over words stored as uint64."""

    def word(ptr: ir.Value, k: int) -> ir.Value:
        return builder.trunc(builder.load(builder.gep(ptr, [ir.Constant(_I64, k)])), _I32)

    h = [word(h_ptr, k) for k in range(8)]
    m = [word(m_ptr, k) for k in range(16)]
    v = h + [ir.Constant(_I32, iv) for iv in _IV]
    v[12] = builder.xor(v[12], builder.trunc(counter, _I32))
    v[13] = builder.xor(v[13], builder.trunc(builder.lshr(counter, ir.Constant(_I64, 32)), _I32))
    final = builder.select(last, ir.Constant(_I32, 0xFFFFFFFF), ir.Constant(_I32, 0))
    v[14] = builder.xor(v[14], final)
    for r in range(10):
        s = _SIGMA[r]
        for k, (a, b, c, d) in enumerate(_COLUMN_STEPS + _DIAGONAL_STEPS):
            x, y = m[s[2 * k]], m[s[2 * k + 1]]
            v[a] = builder.add(builder.add(v[a], v[b]), x)
            v[d] = _rotr(builder, builder.xor(v[d], v[a]), 16)
            v[c] = builder.add(v[c], v[d])
            v[b] = _rotr(builder, builder.xor(v[b], v[c]), 12)
            v[a] = builder.add(builder.add(v[a], v[b]), y)
            v[d] = _rotr(builder, builder.xor(v[d], v[a]), 8)
            v[c] = builder.add(v[c], v[d])
            v[b] = _rotr(builder, builder.xor(v[b], v[c]), 7)
    for k in range(8):
        new = builder.xor(h[k], builder.xor(v[k], v[k + 8]))
        builder.store(builder.zext(new, _I64), builder.gep(h_ptr, [ir.Constant(_I64, k)]))


@intrinsic
def _compress(typingctx: Any, h: Any, m: Any, counter: Any, last: Any) -> Any:
    """One compression: h (8 uint64 words < 2^32, updated in place) with message words m (16),
    the byte counter and the final-block flag.  Emitted as LLVM IR: numba's type inference of
    the same code written in Python takes seconds per kernel."""
    sig = types.void(h, m, types.uint64, types.boolean)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        h_arr = context.make_array(signature.args[0])(context, builder, args[0])
        m_arr = context.make_array(signature.args[1])(context, builder, args[1])
        _emit_compress(builder, h_arr.data, m_arr.data, args[2], args[3])
        return context.get_dummy_value()

    return sig, codegen


LANES = 8  # messages hashed side by side, one per 32-bit vector lane
_VEC = ir.VectorType(_I32, LANES)


def _splat(builder: ir.IRBuilder, scalar: ir.Value) -> ir.Value:
    vec = ir.Constant(_VEC, ir.Undefined)
    for lane in range(LANES):
        vec = builder.insert_element(vec, scalar, ir.Constant(_I32, lane))
    return vec


def _vec_constant(value: int) -> ir.Value:
    return ir.Constant(_VEC, [ir.Constant(_I32, value)] * LANES)


def _rotr_vec(builder: ir.IRBuilder, x: ir.Value, n: int) -> ir.Value:
    return builder.or_(builder.lshr(x, _vec_constant(n)), builder.shl(x, _vec_constant(32 - n)))


def _emit_compress_lanes(
    builder: ir.IRBuilder, h_ptr: ir.Value, m_ptr: ir.Value, counter: ir.Value, last: ir.Value
) -> None:
    """RFC 7693 §3.2 on LANES messages at once: h is (8, LANES) and m (16, LANES) uint32, word k
    of every lane in row k; all lanes share the counter and the final flag."""

    def row(ptr: ir.Value, k: int) -> ir.Value:
        address = builder.gep(ptr, [ir.Constant(_I64, LANES * k)])
        return builder.load(builder.bitcast(address, _VEC.as_pointer()), align=4)

    h = [row(h_ptr, k) for k in range(8)]
    m = [row(m_ptr, k) for k in range(16)]
    v = h + [_vec_constant(iv) for iv in _IV]
    v[12] = builder.xor(v[12], _splat(builder, builder.trunc(counter, _I32)))
    high = builder.trunc(builder.lshr(counter, ir.Constant(_I64, 32)), _I32)
    v[13] = builder.xor(v[13], _splat(builder, high))
    final = builder.select(last, ir.Constant(_I32, 0xFFFFFFFF), ir.Constant(_I32, 0))
    v[14] = builder.xor(v[14], _splat(builder, final))
    for r in range(10):
        s = _SIGMA[r]
        for k, (a, b, c, d) in enumerate(_COLUMN_STEPS + _DIAGONAL_STEPS):
            x, y = m[s[2 * k]], m[s[2 * k + 1]]
            v[a] = builder.add(builder.add(v[a], v[b]), x)
            v[d] = _rotr_vec(builder, builder.xor(v[d], v[a]), 16)
            v[c] = builder.add(v[c], v[d])
            v[b] = _rotr_vec(builder, builder.xor(v[b], v[c]), 12)
            v[a] = builder.add(builder.add(v[a], v[b]), y)
            v[d] = _rotr_vec(builder, builder.xor(v[d], v[a]), 8)
            v[c] = builder.add(v[c], v[d])
            v[b] = _rotr_vec(builder, builder.xor(v[b], v[c]), 7)
    for k in range(8):
        new = builder.xor(h[k], builder.xor(v[k], v[k + 8]))
        address = builder.gep(h_ptr, [ir.Constant(_I64, LANES * k)])
        builder.store(new, builder.bitcast(address, _VEC.as_pointer()), align=4)


@intrinsic
def _compress_lanes(typingctx: Any, h: Any, m: Any, counter: Any, last: Any) -> Any:
    """:func:`_compress` on LANES messages side by side (uint32 arrays (8, LANES), (16, LANES))."""
    sig = types.void(h, m, types.uint64, types.boolean)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        h_arr = context.make_array(signature.args[0])(context, builder, args[0])
        m_arr = context.make_array(signature.args[1])(context, builder, args[1])
        _emit_compress_lanes(builder, h_arr.data, m_arr.data, args[2], args[3])
        return context.get_dummy_value()

    return sig, codegen


@inline()
def _load_block(data, start, length, m):
    """m ← the 16 little-endian words of data[start : start + 64] (zero past ``length``)."""
    if start + BLOCK_BYTES <= length:
        for w in range(16):
            p = start + 4 * w
            m[w] = (
                np.uint64(data[p])
                | (np.uint64(data[p + 1]) << np.uint64(8))
                | (np.uint64(data[p + 2]) << np.uint64(16))
                | (np.uint64(data[p + 3]) << np.uint64(24))
            )
        return
    for w in range(16):
        word = np.uint64(0)
        for b in range(4):
            pos = start + 4 * w + b
            if pos < length:
                word |= np.uint64(data[pos]) << np.uint64(8 * b)
        m[w] = word


@inline()
def hash_into(data, init, out, h, m):
    """out[0:32] ← BLAKE2s-256 of the uint8 array ``data`` from chaining value ``init``.

    h (8) and m (16) are uint64 scratch arrays owned by the caller (one pair per thread).
    """
    for k in range(8):
        h[k] = np.uint64(init[k])
    length = data.shape[0]
    blocks = max(1, (length + BLOCK_BYTES - 1) // BLOCK_BYTES)
    for blk in range(blocks):
        start = blk * BLOCK_BYTES
        _load_block(data, start, length, m)
        last = blk == blocks - 1
        counter = length if last else start + BLOCK_BYTES
        _compress(h, m, np.uint64(counter), last)
    for k in range(8):
        for b in range(4):
            out[4 * k + b] = np.uint8((h[k] >> np.uint64(8 * b)) & np.uint64(0xFF))


@kernel()
def _hash_row_range(rows, init, out, lo, hi):
    h = np.empty(8, dtype=np.uint64)
    m = np.empty(16, dtype=np.uint64)
    for i in range(lo, hi):
        hash_into(rows[i], init, out[i], h, m)


@kernel(parallel=True)
def _hash_rows(rows, init):
    count = rows.shape[0]
    out = np.empty((count, DIGEST_BYTES), dtype=np.uint8)
    chunk = (count + TASKS - 1) // TASKS
    for t in prange(TASKS):
        _hash_row_range(rows, init, out, min(count, t * chunk), min(count, (t + 1) * chunk))
    return out


@kernel()
def _hash_word_range(words, init, out, lo, hi):
    """Rows lo ≤ i < hi of little-endian 32-bit words (a whole number of them per message),
    LANES rows at a time in vector lanes."""
    h = np.empty((8, LANES), dtype=np.uint32)
    m = np.empty((16, LANES), dtype=np.uint32)
    count = words.shape[1]
    length = 4 * count
    blocks = max(1, (count + 15) // 16)
    for g in range(lo, hi, LANES):
        lanes = min(LANES, hi - g)
        for k in range(8):
            for lane in range(LANES):
                h[k, lane] = init[k]
        for blk in range(blocks):
            start = 16 * blk
            for w in range(16):
                idx = start + w
                for lane in range(LANES):
                    row = g + lane if lane < lanes else g  # idle lanes repeat the first row
                    m[w, lane] = words[row, idx] if idx < count else np.uint32(0)
            last = blk == blocks - 1
            _compress_lanes(h, m, np.uint64(length if last else 4 * start + BLOCK_BYTES), last)
        for lane in range(lanes):
            for k in range(8):
                word = h[k, lane]
                for b in range(4):
                    out[g + lane, 4 * k + b] = np.uint8(
                        (word >> np.uint32(8 * b)) & np.uint32(0xFF)
                    )


@kernel(parallel=True)
def _hash_words(words, init):
    count = words.shape[0]
    out = np.empty((count, DIGEST_BYTES), dtype=np.uint8)
    chunk = (count + TASKS - 1) // TASKS
    for t in prange(TASKS):
        _hash_word_range(words, init, out, min(count, t * chunk), min(count, (t + 1) * chunk))
    return out


def hash_rows(rows: np.ndarray, init: np.ndarray) -> np.ndarray:
    """Digest of every row of a uint8 matrix: (count, length) → (count, 32)."""
    rows = np.ascontiguousarray(rows, dtype=np.uint8)
    if rows.shape[1] % 4 == 0 and rows.shape[1] > 0:
        return _hash_words(rows.view("<u4"), init)
    return _hash_rows(rows, init)


def hash_pairs(digests: np.ndarray, init: np.ndarray) -> np.ndarray:
    """One Merkle level: digest of digests[2i] ‖ digests[2i + 1]: (2k, 32) → (k, 32)."""
    return hash_rows(np.ascontiguousarray(digests).reshape(-1, 2 * DIGEST_BYTES), init)


GRIND_BATCH = 1 << 16


def leading_zero_mask(digests: np.ndarray, bits: int) -> np.ndarray:
    """For each (k, 32) digest row: does it start with ``bits`` zero bits?"""
    full, rest = divmod(bits, 8)
    ok = np.all(digests[:, :full] == 0, axis=1)
    if rest:
        ok &= (digests[:, full] >> (8 - rest)) == 0
    return ok


def grind(prefix: bytes, person: bytes, bits: int, start: int = 0, span: int = 1 << 64) -> int:
    """The least nonce in [start, start + span) whose digest of prefix ‖ nonce (8 bytes,
    big-endian) under ``person`` starts with ``bits`` zero bits, or −1 when none does."""
    if not 0 <= bits <= 8 * DIGEST_BYTES:
        raise ValueError("bits outside the digest")
    init = initial_state(person)
    width = len(prefix) + 8
    rows = np.empty((GRIND_BATCH, width), dtype=np.uint8)
    rows[:, : len(prefix)] = np.frombuffer(prefix, dtype=np.uint8)
    nonce, end = start, min(start + span, 1 << 64)
    while nonce < end:
        count = min(GRIND_BATCH, end - nonce)
        nonces = np.arange(nonce, nonce + count, dtype=np.uint64).astype(">u8")
        rows[:count, len(prefix) :] = nonces.view(np.uint8).reshape(count, 8)
        hits = np.flatnonzero(leading_zero_mask(hash_rows(rows[:count], init), bits))
        if hits.size:
            return nonce + int(hits[0])
        nonce += count
    return -1
