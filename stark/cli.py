"""``python -m stark prove|verify``: prove a Cairo program or cairo-run's files, check a proof.

``prove --program P.json [--layout plain|small] [--program_input I.json] [--preset secure|fast]
--proof OUT`` runs the program in proof mode with the VM and proves it; ``prove --trace_file T
--memory_file M --air_public_input A [--air_private_input B] --proof OUT`` proves files written
by ``cairo-run --proof_mode``.  ``verify OUT [--program P.json]`` prints the public output and the
security level and exits 0 when the proof holds, otherwise prints why and exits 1.  Proofs made
with an insecure preset are flagged as such in every line that names the preset.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import load_config
from .errors import InvalidOptions, InvalidProof, StarkError
from .options import PRESETS


def _security_line(preset: str, bits: int, insecure: bool) -> str:
    if insecure:
        return f"security: {bits} bits, preset {preset}: INSECURE, for tests and demos only"
    return f"security: {bits} bits (conjectured), preset {preset}"


def _felts(values: Sequence[int]) -> str:
    return "[" + ", ".join(hex(v) for v in values) + "]"


def _program_bytecode(path: str) -> list[int]:
    try:
        data = json.loads(Path(path).read_text())["data"]
        return [int(word, 16) for word in data]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidOptions(f"cannot read the program {path}: {exc}") from exc


def _prove(args: argparse.Namespace) -> int:
    from .cairo_prover import load_run_files, prove_program, prove_run

    files = (args.trace_file, args.memory_file, args.air_public_input)
    if args.program and any(files):
        raise InvalidOptions("give either --program or the cairo-run files, not both")
    if args.program:
        program_input = None
        if args.program_input:
            try:
                program_input = json.loads(Path(args.program_input).read_text())
            except (OSError, ValueError) as exc:
                raise InvalidOptions(f"cannot read the program input: {exc}") from exc
        result = prove_program(args.program, program_input, args.layout or "small", args.preset)
    elif all(files):
        run, layout = load_run_files(*files)
        result = prove_run(run, args.layout or layout, args.preset)
    else:
        raise InvalidOptions(
            "prove needs --program, or --trace_file, --memory_file and --air_public_input"
        )
    Path(args.proof).write_bytes(result.proof)
    print(f"proof written to {args.proof} ({len(result.proof)} bytes)")
    print(f"program hash: {result.program_hash}")
    print(f"output: {_felts(result.output)}")
    print(f"steps: {result.steps}")
    print(_security_line(result.preset, result.security_bits, result.insecure))
    print(f"prove time: {result.prove_seconds:.2f} s")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .cairo_verifier import verify
    from .public_input import program_hash

    try:
        data = Path(args.proof).read_bytes()
    except OSError as exc:
        raise InvalidOptions(f"cannot read the proof: {exc}") from exc
    expected = program_hash(_program_bytecode(args.program)) if args.program else None
    claim = verify(data, expected_program_hash=expected)
    print("proof valid")
    print(f"program hash: {claim.program_hash}")
    if expected is not None:
        print(f"program: {args.program} (its bytecode is the proven program)")
    print(f"output: {_felts(claim.output)}")
    print(f"steps: {claim.steps}")
    print(_security_line(claim.preset, claim.security_bits, claim.insecure))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m stark", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    prove = sub.add_parser("prove", help="prove a Cairo program's run")
    prove.add_argument("--program", help="compiled program JSON (cairo-compile --proof_mode)")
    prove.add_argument("--program_input", help="program input JSON")
    prove.add_argument("--layout", choices=["plain", "small"])
    prove.add_argument("--trace_file", help="cairo-run --trace_file output")
    prove.add_argument("--memory_file", help="cairo-run --memory_file output")
    prove.add_argument("--air_public_input", help="cairo-run --air_public_input output")
    prove.add_argument(
        "--air_private_input", help="cairo-run --air_private_input output (not needed)"
    )
    prove.add_argument("--preset", choices=sorted(PRESETS), default=load_config().preset)
    prove.add_argument("--proof", required=True, help="where to write the proof")
    verify = sub.add_parser("verify", help="verify a proof")
    verify.add_argument("proof", help="proof file")
    verify.add_argument("--program", help="compiled program JSON the proof must be about")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "prove":
            return _prove(args)
        return _verify(args)
    except InvalidProof as exc:
        print(f"proof rejected: {exc.reason}", file=sys.stderr)
        return 1
    except StarkError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
