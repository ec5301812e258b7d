"""The VM's files equal cairo-run's: printed output, trace, memory and AIR inputs.

The golden files were written by cairo-lang's cairo-run (``make golden``, see make_golden.py).
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from cairovm.cli import main
from tests.cairovm.cases import CASES, Case, run_flags

pytestmark = pytest.mark.golden


def run_cli(case: Case, out: Path) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(run_flags(case, out)) == 0
    return buf.getvalue()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_files_equal_cairo_run(case: Case, tmp_path: Path) -> None:
    stdout = run_cli(case, tmp_path)
    golden = case.dir
    assert stdout == (golden / "stdout.txt").read_text()
    assert (tmp_path / "trace.bin").read_bytes() == (golden / "trace.bin").read_bytes()
    assert (tmp_path / "memory.bin").read_bytes() == (golden / "memory.bin").read_bytes()
    if case.proof_mode:
        ours = json.loads((tmp_path / "public.json").read_text())
        assert ours == json.loads((golden / "public.json").read_text())
        private = json.loads((tmp_path / "private.json").read_text())
        assert private.pop("trace_path") == str((tmp_path / "trace.bin").resolve())
        assert private.pop("memory_path") == str((tmp_path / "memory.bin").resolve())
        expected = json.loads((golden / "private.json").read_text())
        del expected["trace_path"], expected["memory_path"]
        assert private == expected


def test_every_instruction_form_is_covered() -> None:
    """The golden programs together execute every opcode, operand source and update."""
    from cairovm.instruction import decode
    from cairovm.program import load_program

    seen = set()
    for case in CASES:
        if not case.proof_mode:
            continue
        program = load_program(case.program)
        trace = (case.dir / "trace.bin").read_bytes()
        begin = json.loads((case.dir / "public.json").read_text())["memory_segments"]["program"][
            "begin_addr"
        ]
        pcs = {
            int.from_bytes(trace[i + 16 : i + 24], "little") - begin
            for i in range(0, len(trace), 24)
        }
        for pc in pcs:
            imm = program.data[pc + 1] if pc + 1 < len(program.data) else None
            ins = decode(program.data[pc], imm)
            seen |= {
                ("opcode", ins.opcode), ("op1", ins.op1_src), ("res", ins.res),
                ("pc", ins.pc_update), ("ap", ins.ap_update), ("dst", ins.dst_reg), ("op0", ins.op0_reg),
            }  # fmt: skip
    from cairovm.instruction import ApUpdate, Op1Src, Opcode, PcUpdate, Register, Res

    expected = (
        {("opcode", o) for o in Opcode}
        | {("op1", s) for s in Op1Src}
        | {("res", r) for r in Res}
        | {("pc", u) for u in PcUpdate}
        | {("ap", u) for u in ApUpdate}
        | {("dst", r) for r in Register}
        | {("op0", r) for r in Register}
    )
    assert expected <= seen, sorted(map(str, expected - seen))
