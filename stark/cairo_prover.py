"""Proving Cairo runs: from a program (run by the VM) or from cairo-run's files to proof bytes.

The prover absorbs exactly what :mod:`stark.cairo_verifier` absorbs (header, options, public
input) and then runs :func:`stark.prover.prove_stark` on the Cairo AIR with the trace built by
:mod:`stark.cairo_trace`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cairo_air import CairoAir
from .cairo_trace import CairoRun, CairoTraceBuilder, Columns, Tamper
from .errors import ProverError
from .options import ProofOptions
from .options import preset as named_preset
from .proof import CairoProof, encode_proof, statement_bytes
from .protocol import DOMAIN_SEPARATOR
from .prover import prove_stark
from .transcript import Transcript


@dataclass(frozen=True)
class ProofResult:
    proof: bytes
    program_hash: str
    output: list[int]
    steps: int
    preset: str
    security_bits: int
    prove_seconds: float

    @property
    def insecure(self) -> bool:
        return self.security_bits < 100


@dataclass(frozen=True)
class Tampering:
    """Hooks that corrupt a trace before it is committed (soundness tests only)."""

    execution: Tamper | None = None
    main: Tamper | None = None
    aux: Callable[[Columns, Sequence[int]], None] | None = None


def _options(preset: str | ProofOptions) -> ProofOptions:
    return preset if isinstance(preset, ProofOptions) else named_preset(preset)


def prove_builder(
    builder: CairoTraceBuilder,
    options: ProofOptions,
    tampering: Tampering | None = None,
) -> bytes:
    """Prove the run behind ``builder``; with ``tampering``, a trace the prover would refuse."""
    pub = builder.public_input
    air = CairoAir(pub)
    transcript = Transcript(DOMAIN_SEPARATOR)
    transcript.absorb(b"statement", statement_bytes(options, pub))
    t = tampering or Tampering()
    main = builder.main_columns(t.execution, t.main)

    def build_aux(challenges: Sequence[int]) -> Columns:
        aux = builder.aux_columns(main, challenges)
        if t.aux is not None:
            t.aux(aux, challenges)
        return aux

    stark = prove_stark(
        air, options, main, build_aux, transcript, allow_unsatisfied=tampering is not None
    )
    return encode_proof(CairoProof(options=options, public_input=pub, stark=stark))


def prove_run(
    run: CairoRun | Any, layout: str = "small", preset: str | ProofOptions = "secure"
) -> ProofResult:
    """Prove a finished proof-mode run (a :class:`CairoRun` or a :class:`cairovm.RunResult`)."""
    options = _options(preset)
    if not isinstance(run, CairoRun):
        layout = getattr(run, "layout", layout)
        run = run_of_vm_result(run)
    start = time.perf_counter()
    builder = CairoTraceBuilder(run, layout)
    proof = prove_builder(builder, options)
    elapsed = time.perf_counter() - start
    pub = builder.public_input
    return ProofResult(
        proof=proof,
        program_hash=pub.program_hash,
        output=list(pub.output),
        steps=pub.steps,
        preset=options.preset_name,
        security_bits=options.security_bits,
        prove_seconds=elapsed,
    )


def run_of_vm_result(result: Any) -> CairoRun:
    """The :class:`CairoRun` of a :class:`cairovm.RunResult`."""
    return CairoRun(
        trace=tuple((e.pc, e.ap, e.fp) for e in result.trace),
        memory=result.memory,
        air_public_input=result.public_input,
    )


def run_program_for_proof(
    program: Any, program_input: Mapping[str, Any] | None = None, layout: str = "small"
) -> CairoRun:
    """Run ``program`` (a cairovm Program, or a path to cairo-compile JSON) in proof mode."""
    from cairovm import CairoVMError, load_program, run_program

    try:
        if isinstance(program, str | Path):
            program = load_program(program)
        result = run_program(program, layout=layout, proof_mode=True, program_input=program_input)
    except CairoVMError as exc:
        raise ProverError(f"the program did not run: {exc}") from exc
    return run_of_vm_result(result)


def prove_program(
    program: Any,
    program_input: Mapping[str, Any] | None = None,
    layout: str = "small",
    preset: str | ProofOptions = "secure",
) -> ProofResult:
    """Run ``program`` with the VM in proof mode and prove the run."""
    options = _options(preset)
    run = run_program_for_proof(program, program_input, layout)
    return prove_run(run, layout, options)


def load_run_files(
    trace_file: str | Path, memory_file: str | Path, air_public_input: str | Path
) -> tuple[CairoRun, str]:
    """Read cairo-run's ``--trace_file``, ``--memory_file`` and ``--air_public_input``.

    Returns the run and the layout named in the public input.
    """
    from cairovm import CairoVMError
    from cairovm.files import decode_memory, decode_trace

    try:
        trace = decode_trace(Path(trace_file).read_bytes())
        memory = decode_memory(Path(memory_file).read_bytes())
        public = json.loads(Path(air_public_input).read_text())
    except (OSError, ValueError, CairoVMError) as exc:
        raise ProverError(f"cannot read the run's files: {exc}") from exc
    run = CairoRun(
        trace=tuple((e.pc, e.ap, e.fp) for e in trace), memory=memory, air_public_input=public
    )
    return run, str(public.get("layout", "small"))
