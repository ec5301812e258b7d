"""``python -m cairovm``: cairo-run's command line, with cairo-run's flags and files."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cairovm.errors import CairoVMError
from cairovm.files import encode_trace_columns, write_json, write_memory
from cairovm.program import load_program
from cairovm.runner import run_program


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m cairovm",
        description="Run a compiled Cairo 0 program; flags and output files as cairo-run's.",
    )
    p.add_argument("--program", required=True, help="the JSON written by cairo-compile")
    p.add_argument("--layout", default="plain", help="plain (default) or small")
    p.add_argument("--proof_mode", action="store_true", help="run from __start__, pad steps")
    p.add_argument("--trace_file", help="write the binary trace here")
    p.add_argument("--memory_file", help="write the binary relocated memory here")
    p.add_argument("--print_output", action="store_true", help="print the output segment")
    p.add_argument("--program_input", help="a JSON file the program's hints read")
    p.add_argument("--air_public_input", help="write the AIR public input JSON here")
    p.add_argument("--air_private_input", help="write the AIR private input JSON here")
    p.add_argument("--steps", type=int, help="stop with an error after this many steps")
    p.add_argument("--print_info", action="store_true", help="print steps and registers")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.air_private_input and not (args.trace_file and args.memory_file):
        print("error: --air_private_input needs --trace_file and --memory_file", file=sys.stderr)
        return 2
    try:
        program = load_program(args.program)
        program_input = None
        if args.program_input:
            try:
                program_input = json.loads(Path(args.program_input).read_text())
            except OSError as exc:
                raise CairoVMError(f"cannot read program input: {exc.strerror}") from None
            except json.JSONDecodeError as exc:
                raise CairoVMError(f"program input is not valid JSON: {exc}") from None
        result = run_program(
            program,
            layout=args.layout,
            proof_mode=args.proof_mode,
            program_input=program_input,
            max_steps=args.steps,
        )
    except CairoVMError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in result.warnings:
        print(line)
    if args.print_output and result.has_output_segment:
        print("Program output:")
        for value in result.output_signed:
            print(f"  {value}")
        print()
    if args.print_info:
        last = result.trace[-1]
        print(f"Number of steps: {result.steps} (originally, {result.original_steps})")
        print(f"Used memory cells: {len(result.memory)}")
        print(
            f"Register values after the last step's start:\npc = {last.pc}\nap = {last.ap}\nfp = {last.fp}\n"
        )
    if args.trace_file:
        Path(args.trace_file).write_bytes(encode_trace_columns(*result.trace_columns))
    if args.memory_file:
        write_memory(args.memory_file, result.memory)
    if args.air_public_input:
        write_json(args.air_public_input, result.public_input)
    if args.air_private_input:
        write_json(
            args.air_private_input,
            result.private_input(
                os.path.abspath(args.trace_file), os.path.abspath(args.memory_file)
            ),
        )
    return 0
