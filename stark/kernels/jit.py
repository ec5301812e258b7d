"""Numba for the compiled kernels: how kernels are compiled, wide integers.

Where compiled code is cached, and the prebuilt cache a deployment ships, are
:mod:`stark.kernels.cache`'s business; it must set numba's variables before numba is imported,
so this module, which every kernel module imports first, asks it to.

Stark252 limbs need 64×64→128-bit products and carry chains, which numba does not spell; the
intrinsics here emit them as LLVM ``i128`` arithmetic (lowered to ``mulx``/``adc``), and modular
addition, subtraction and the final conditional subtraction as ``i256`` arithmetic with selects,
so that LLVM emits carry chains and conditional moves instead of unpredictable branches.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from . import cache as compile_cache

CACHE_SETUP = compile_cache.configure()
# Threads that spin at the end of a parallel region steal the core from the thread they wait
# for whenever the machine is shared; sleeping waiters cost microseconds per region instead.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

import numba  # noqa: E402  (the cache folder and CPU must be chosen before numba reads its config)
from llvmlite import ir  # noqa: E402
from numba import types  # noqa: E402
from numba.extending import intrinsic  # noqa: E402

if CACHE_SETUP.cache_dir is not None and CACHE_SETUP.cache_dir != numba.config.CACHE_DIR:
    numba.config.CACHE_DIR = CACHE_SETUP.cache_dir  # numba was imported before us
if CACHE_SETUP.cpu is not None and CACHE_SETUP.cpu != numba.config.CPU_NAME:
    numba.config.CPU_NAME, numba.config.CPU_FEATURES = CACHE_SETUP.cpu, ""
compile_cache.seed(CACHE_SETUP)

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def kernel(*, parallel: bool = False) -> Decorator:
    """A compiled, cached, GIL-free array kernel (called from Python)."""
    return numba.njit(cache=True, nogil=True, parallel=parallel, error_model="numpy")


def inline(*, cache: bool = True) -> Decorator:
    """A compiled helper inlined into the kernels that call it (scalar field arithmetic).

    ``cache=False`` is for helpers generated at import time, which have no source file; the
    cached kernels that inline them still cache.
    """
    return numba.njit(cache=cache, error_model="numpy")


_I64 = ir.IntType(64)
_I128 = ir.IntType(128)
_U64 = types.uint64
_PAIR = types.UniTuple(_U64, 2)


def _split(builder: ir.IRBuilder, wide: ir.Value, context: Any, pair: Any) -> Any:
    lo = builder.trunc(wide, _I64)
    hi = builder.trunc(builder.lshr(wide, ir.Constant(_I128, 64)), _I64)
    return context.make_tuple(builder, pair, (lo, hi))


@intrinsic
def mul_add(typingctx: Any, a: Any, b: Any, c: Any, d: Any) -> Any:
    """(lo, hi) of a·b + c + d, exact in 128 bits (all four are uint64)."""
    sig = _PAIR(_U64, _U64, _U64, _U64)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wb, wc, wd = (builder.zext(x, _I128) for x in args)
        total = builder.add(builder.add(builder.mul(wa, wb), wc), wd)
        return _split(builder, total, context, signature.return_type)

    return sig, codegen


@intrinsic
def add_carry(typingctx: Any, a: Any, b: Any, c: Any) -> Any:
    """(sum, carry) of a + b + c with carry in {0, 1, 2}."""
    sig = _PAIR(_U64, _U64, _U64)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wb, wc = (builder.zext(x, _I128) for x in args)
        return _split(builder, builder.add(builder.add(wa, wb), wc), context, signature.return_type)

    return sig, codegen


@intrinsic
def sub_borrow(typingctx: Any, a: Any, b: Any, c: Any) -> Any:
    """(difference, borrow) of a − b − c modulo 2^64, borrow in {0, 1} (for c in {0, 1})."""
    sig = _PAIR(_U64, _U64, _U64)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wb, wc = (builder.zext(x, _I128) for x in args)
        wide = builder.sub(builder.sub(wa, wb), wc)
        lo = builder.trunc(wide, _I64)
        borrow = builder.trunc(builder.lshr(wide, ir.Constant(_I128, 127)), _I64)
        return context.make_tuple(builder, signature.return_type, (lo, borrow))

    return sig, codegen


_I256 = ir.IntType(256)
QUAD = types.UniTuple(_U64, 4)


def _pack(builder: ir.IRBuilder, quad: ir.Value) -> ir.Value:
    """Four little-endian uint64 limbs (an LLVM array value) as one i256."""
    out = builder.zext(builder.extract_value(quad, 0), _I256)
    for k in range(1, 4):
        limb = builder.zext(builder.extract_value(quad, k), _I256)
        out = builder.or_(out, builder.shl(limb, ir.Constant(_I256, 64 * k)))
    return out


def _unpack(builder: ir.IRBuilder, wide: ir.Value, context: Any) -> Any:
    limbs = [builder.trunc(builder.lshr(wide, ir.Constant(_I256, 64 * k)), _I64) for k in range(4)]
    return context.make_tuple(builder, QUAD, limbs)


@intrinsic
def add_mod(typingctx: Any, a: Any, b: Any, m: Any) -> Any:
    """a + b mod m for limb quads with a, b < m < 2^255."""
    sig = QUAD(QUAD, QUAD, QUAD)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wb, wm = (_pack(builder, x) for x in args)
        total = builder.add(wa, wb)
        reduced = builder.sub(total, wm)
        below = builder.icmp_unsigned("<", total, wm)
        return _unpack(builder, builder.select(below, total, reduced), context)

    return sig, codegen


@intrinsic
def sub_mod(typingctx: Any, a: Any, b: Any, m: Any) -> Any:
    """a − b mod m for limb quads with a, b < m."""
    sig = QUAD(QUAD, QUAD, QUAD)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wb, wm = (_pack(builder, x) for x in args)
        diff = builder.sub(wa, wb)
        wrapped = builder.add(diff, wm)
        borrow = builder.icmp_unsigned("<", wa, wb)
        return _unpack(builder, builder.select(borrow, wrapped, diff), context)

    return sig, codegen


@intrinsic
def reduce_mod(typingctx: Any, a: Any, m: Any) -> Any:
    """a − m when a ≥ m, else a (for a < 2m)."""
    sig = QUAD(QUAD, QUAD)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wm = (_pack(builder, x) for x in args)
        below = builder.icmp_unsigned("<", wa, wm)
        return _unpack(builder, builder.select(below, wa, builder.sub(wa, wm)), context)

    return sig, codegen


@intrinsic
def byteswap(typingctx: Any, x: Any) -> Any:
    """The uint64 with x's bytes in reverse order."""
    sig = _U64(_U64)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        return builder.bswap(args[0])

    return sig, codegen


@intrinsic
def add_wide(typingctx: Any, a: Any, b: Any) -> Any:
    """a + b for limb quads, unreduced (the caller keeps the sum below 2^256)."""
    sig = QUAD(QUAD, QUAD)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wb = (_pack(builder, x) for x in args)
        return _unpack(builder, builder.add(wa, wb), context)

    return sig, codegen


@intrinsic
def sub_shifted(typingctx: Any, a: Any, b: Any, m: Any) -> Any:
    """a − b + m for limb quads, unreduced (for b ≤ a + m, so the result is non-negative)."""
    sig = QUAD(QUAD, QUAD, QUAD)

    def codegen(context: Any, builder: ir.IRBuilder, signature: Any, args: Any) -> Any:
        wa, wb, wm = (_pack(builder, x) for x in args)
        return _unpack(builder, builder.add(builder.sub(wa, wb), wm), context)

    return sig, codegen
