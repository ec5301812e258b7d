"""BLAKE2s-256 (RFC 7693) compiled with numba, bit-identical to ``hashlib.blake2s``.

The prover hashes millions of short messages (Merkle leaves of committed rows, inner nodes,
proof-of-work nonces); calling hashlib once per message from Python costs more than the hashing.
These kernels hash whole batches in one call, split across threads: rows of a byte matrix
(leaves), pairs of digests (a tree level), and consecutive nonces (grinding).  Only unkeyed
hashing with a 32-byte digest and an 8-byte personalisation is supported: what the protocol uses.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import prange

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
_MASK = np.uint64(0xFFFFFFFF)
TASKS = 64  # batches are cut into this many pieces for the threads
_IV64 = tuple(np.uint64(v) for v in _IV)


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


@inline()
def _rotr(x, n):
    return ((x >> np.uint64(n)) | (x << np.uint64(32 - n))) & _MASK


@inline()
def _g(a, b, c, d, x, y):
    a = (a + b + x) & _MASK
    d = _rotr(d ^ a, 16)
    c = (c + d) & _MASK
    b = _rotr(b ^ c, 12)
    a = (a + b + y) & _MASK
    d = _rotr(d ^ a, 8)
    c = (c + d) & _MASK
    b = _rotr(b ^ c, 7)
    return a, b, c, d


def _rounds_source() -> str:
    """The ten rounds written out, message words named by SIGMA, so that they stay in registers."""
    columns = ((0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15))
    diagonals = ((0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14))
    lines = []
    for r in range(10):
        s = _SIGMA[r]
        for k, (a, b, c, d) in enumerate(columns + diagonals):
            x, y = s[2 * k], s[2 * k + 1]
            lines.append(f"    v{a}, v{b}, v{c}, v{d} = _g(v{a}, v{b}, v{c}, v{d}, m{x}, m{y})")
    return "\n".join(lines)


_COMPRESS_SOURCE = f"""
def _compress(h, m, counter, last):
    m0, m1, m2, m3, m4, m5, m6, m7 = m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]
    m8, m9, m10, m11, m12, m13, m14, m15 = m[8], m[9], m[10], m[11], m[12], m[13], m[14], m[15]
    v0, v1, v2, v3, v4, v5, v6, v7 = h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
    v8, v9, v10, v11 = _IV64[0], _IV64[1], _IV64[2], _IV64[3]
    v12 = _IV64[4] ^ (np.uint64(counter) & _MASK)
    v13 = _IV64[5] ^ (np.uint64(counter) >> np.uint64(32))
    v14 = _IV64[6] ^ (_MASK if last else np.uint64(0))
    v15 = _IV64[7]
{_rounds_source()}
    h[0] ^= v0 ^ v8
    h[1] ^= v1 ^ v9
    h[2] ^= v2 ^ v10
    h[3] ^= v3 ^ v11
    h[4] ^= v4 ^ v12
    h[5] ^= v5 ^ v13
    h[6] ^= v6 ^ v14
    h[7] ^= v7 ^ v15
"""


def _define_compress():
    namespace = {"np": np, "_g": _g, "_IV64": _IV64, "_MASK": _MASK}
    exec(compile(_COMPRESS_SOURCE, f"{__name__}._compress", "exec"), namespace)
    return inline(cache=False)(namespace["_compress"])


_compress = _define_compress()
"""One compression: h (8 uint64 words < 2^32, updated in place) with message words m (16)."""


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
        _compress(h, m, counter, last)
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
def hash_rows(rows, init):
    """Digest of every row of a uint8 matrix: (count, length) → (count, 32)."""
    count = rows.shape[0]
    out = np.empty((count, DIGEST_BYTES), dtype=np.uint8)
    chunk = (count + TASKS - 1) // TASKS
    for t in prange(TASKS):
        _hash_row_range(rows, init, out, min(count, t * chunk), min(count, (t + 1) * chunk))
    return out


def hash_pairs(digests: np.ndarray, init: np.ndarray) -> np.ndarray:
    """One Merkle level: digest of digests[2i] ‖ digests[2i + 1]: (2k, 32) → (k, 32)."""
    return hash_rows(np.ascontiguousarray(digests).reshape(-1, 2 * DIGEST_BYTES), init)


@kernel()
def _leading_zero_bits(digest):
    zeros = 0
    for b in range(DIGEST_BYTES):
        byte = digest[b]
        if byte == 0:
            zeros += 8
            continue
        bit = 7
        while (byte >> bit) & 1 == 0:
            zeros += 1
            bit -= 1
        break
    return zeros


@kernel()
def _grind_range(prefix, init, bits, lo, hi):
    h = np.empty(8, dtype=np.uint64)
    m = np.empty(16, dtype=np.uint64)
    length = prefix.shape[0] + 8
    data = np.empty(length, dtype=np.uint8)
    data[: prefix.shape[0]] = prefix
    digest = np.empty(DIGEST_BYTES, dtype=np.uint8)
    for nonce in range(lo, hi):
        for b in range(8):
            data[length - 1 - b] = np.uint8((nonce >> (8 * b)) & 0xFF)
        hash_into(data, init, digest, h, m)
        if _leading_zero_bits(digest) >= bits:
            return nonce
    return -1


@kernel(parallel=True)
def grind(prefix, init, bits, start, span):
    """The least nonce in [start, start + span) whose H(prefix ‖ nonce as 8 big-endian bytes)
    has ``bits`` leading zero bits, or −1."""
    chunk = (span + TASKS - 1) // TASKS
    found = np.full(TASKS, -1, dtype=np.int64)
    end = start + span
    for t in prange(TASKS):
        found[t] = _grind_range(
            prefix, init, bits, min(end, start + t * chunk), min(end, start + (t + 1) * chunk)
        )
    for t in range(TASKS):
        if found[t] >= 0:
            return found[t]
    return -1
