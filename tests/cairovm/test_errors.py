"""Bad input gets a clear error and a non-zero exit, never a traceback or a partial file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cairovm import (
    ProgramInputError,
    ProgramLoadError,
    StepLimitError,
    UnknownHintError,
    VMRuntimeError,
    load_program,
    run_program,
)
from cairovm.errors import InconsistentMemoryError
from cairovm.programs import load
from tests.cairovm.cases import SHIPPED
from tests.cairovm.conftest import write_program


def test_truncated_program_json(tmp_path: Path, cli) -> None:
    text = (SHIPPED / "fibonacci.json").read_text()
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) // 2])
    code, _, err = cli("--program", str(path), "--layout", "small")
    assert code == 1
    assert "is not valid JSON" in err


def test_missing_program_file(cli) -> None:
    code, _, err = cli("--program", "/nonexistent/p.json")
    assert code == 1 and "cannot read program" in err


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p.pop("data"), "missing field 'data'"),
        (lambda p: p.update(data="nope"), "'data' is not a non-empty list"),
        (lambda p: p.update(prime="0x7"), "is not the Stark prime"),
        (lambda p: p["data"].__setitem__(0, "zz"), "a data word is not an integer"),
        (lambda p: p.update(hints={"0": [{"code": "x"}]}), "malformed hint"),
        (lambda p: p.update(builtins="output"), "'builtins' is not a list"),
    ],
)
def test_malformed_program(fibonacci_json: dict, mutate, message: str) -> None:
    mutate(fibonacci_json)
    with pytest.raises(ProgramLoadError, match=message):
        load_program(fibonacci_json)


def test_unknown_hint_is_named(forms_json: dict, tmp_path: Path, cli) -> None:
    main_pc = forms_json["identifiers"]["__main__.main"]["pc"]
    forms_json["hints"][str(main_pc)] = [
        {
            "accessible_scopes": ["__main__", "__main__.main"],
            "code": "import os\nos.system('echo pwned')",
            "flow_tracking_data": {"ap_tracking": {"group": 0, "offset": 0}, "reference_ids": {}},
        }
    ]
    with pytest.raises(UnknownHintError, match="import os"):
        run_program(load_program(forms_json), layout="small")
    code, _, err = cli("--program", write_program(tmp_path, forms_json), "--layout", "small")
    assert code == 1 and "unknown hint" in err and "never executes hint code" in err


def _program(tmp_path: Path, words: list[int]) -> dict:
    """A minimal program: main at pc 0, then the given words."""
    return {
        "prime": hex(2**251 + 17 * 2**192 + 1),
        "data": [hex(w) for w in words],
        "builtins": [],
        "hints": {},
        "main_scope": "__main__",
        "identifiers": {"__main__.main": {"type": "function", "pc": 0}},
        "reference_manager": {"references": []},
    }


ASSERT_IMM_AP = 0x400680017FFF8000  # [ap] = <imm>
RET = 0x208B7FFF7FFF7FFE


def test_failed_assertion(tmp_path: Path, cli) -> None:
    prog = _program(tmp_path, [ASSERT_IMM_AP, 1, ASSERT_IMM_AP, 2, RET])
    code, _, err = cli("--program", write_program(tmp_path, prog))
    assert code == 1 and "An ASSERT_EQ instruction failed: 1 != 2" in err and "pc=0:2" in err


def test_inconsistent_memory_write(tmp_path: Path, cli) -> None:
    """A hint that writes over a cell holding another value (here alloc over [ap] = 5)."""
    prog = _program(tmp_path, [ASSERT_IMM_AP, 5, RET])
    prog["hints"] = {
        "2": [
            {
                "accessible_scopes": ["__main__"],
                "code": "memory[ap] = segments.add()",
                "flow_tracking_data": {
                    "ap_tracking": {"group": 0, "offset": 0},
                    "reference_ids": {},
                },
            }
        ]
    }
    with pytest.raises(InconsistentMemoryError, match="inconsistent memory assignment"):
        run_program(load_program(prog))
    code, _, err = cli("--program", write_program(tmp_path, prog))
    assert code == 1 and "inconsistent memory assignment" in err


JMP_REL_IMM = 0x010780017FFF7FFF  # jmp rel <imm>


def test_jump_out_of_the_program(tmp_path: Path) -> None:
    prog = _program(tmp_path, [JMP_REL_IMM, 1000])
    with pytest.raises(VMRuntimeError, match="outside the program"):
        run_program(load_program(prog))


def test_step_limit(tmp_path: Path, cli) -> None:
    prog = _program(tmp_path, [JMP_REL_IMM, 0])  # an endless loop
    with pytest.raises(StepLimitError):
        run_program(load_program(prog), max_steps=1000)
    code, _, err = cli("--program", write_program(tmp_path, prog), "--steps", "100")
    assert code == 1 and "End of program was not reached" in err


@pytest.mark.parametrize(
    ("program_input", "message"),
    [
        (None, "missing field 'n'"),
        ({"m": 3}, "missing field 'n'"),
        ({"n": "3"}, "'n' must be an integer"),
        ({"n": -1}, "out of range"),
        ([1, 2], "must be a JSON object"),
    ],
)
def test_bad_program_input(program_input, message: str) -> None:
    with pytest.raises(ProgramInputError, match=message):
        run_program(load("fibonacci"), layout="small", program_input=program_input)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"block_hash": "0x1", "transactions": []}, "missing field 'block_number'"),
        ({"block_number": 1, "block_hash": "12", "transactions": []}, "0x-prefixed"),
        ({"block_number": 1, "block_hash": "0xzz", "transactions": []}, "not hexadecimal"),
        ({"block_number": 1, "block_hash": "0x1", "transactions": {}}, "must be a list"),
        (
            {"block_number": 1, "block_hash": "0x1", "transactions": [{"hash": "0x1", "n": 1}]},
            "selector",
        ),
    ],
)
def test_bad_block_input(block: dict, message: str) -> None:
    with pytest.raises(ProgramInputError, match=message):
        run_program(load("block"), layout="small", program_input=block)


def test_block_program_rejects_unknown_selector() -> None:
    bad_selector = {
        "block_number": 1,
        "block_hash": "0x1",
        "transactions": [{"hash": "0x1", "selector": 2, "n": 1}],
    }
    with pytest.raises(VMRuntimeError, match="ASSERT_EQ"):
        run_program(load("block"), layout="small", program_input=bad_selector)


def test_block_input_refuses_calls_the_chain_does_not_execute() -> None:
    from cairovm.block import block_program_input
    from cairovm.errors import CallError

    with pytest.raises(CallError, match="out of range"):
        block_program_input(1, 1, [(0x1, 1, 2001)])
    with pytest.raises(CallError, match="unknown selector"):
        block_program_input(1, 1, [(0x1, 2, 1)])


def test_malformed_program_input_file(tmp_path: Path, cli) -> None:
    bad = tmp_path / "in.json"
    bad.write_text("{not json")
    code, _, err = cli(
        "--program",
        str(SHIPPED / "fibonacci.json"),
        "--layout",
        "small",
        "--program_input",
        str(bad),
    )
    assert code == 1 and "program input is not valid JSON" in err


def test_builtin_missing_from_layout(cli) -> None:
    code, _, err = cli("--program", str(SHIPPED / "fibonacci.json"), "--layout", "plain")
    assert code == 1 and "not present in layout 'plain'" in err


def test_error_leaves_no_files(tmp_path: Path, cli) -> None:
    trace = tmp_path / "trace.bin"
    code, _, _ = cli(
        "--program",
        str(SHIPPED / "fibonacci.json"),
        "--layout",
        "small",
        "--trace_file",
        str(trace),
    )
    assert code == 1 and not trace.exists()


def test_command_line_exit_code() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cairovm", "--program", "/nonexistent.json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot read program") and "Traceback" not in done.stderr


def test_air_private_input_needs_files(cli) -> None:
    code, _, err = cli(
        "--program", str(SHIPPED / "fibonacci.json"), "--air_private_input", "x.json"
    )
    assert code == 2 and "needs --trace_file" in err
    assert not Path("x.json").exists()
    assert json  # imported for helpers above
