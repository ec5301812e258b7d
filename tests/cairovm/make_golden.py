"""Regenerate the golden files with cairo-lang (``make golden``).

Compiles the test programs with ``cairo-compile --proof_mode`` and runs every case of
:mod:`tests.cairovm.cases` with ``cairo-run``, keeping its printed output, trace, memory and AIR
inputs under ``tests/cairovm/golden/<case>/``. The paths inside private.json are replaced by
the file names, so the files do not depend on where they were made.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from tests.cairovm.cases import CASES, GOLDEN, TEST_PROGRAMS, run_flags


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--cairo-run", required=True)
    p.add_argument("--cairo-compile", required=True)
    args = p.parse_args()
    for source in sorted(TEST_PROGRAMS.glob("*.cairo")):
        subprocess.run(
            [
                args.cairo_compile,
                str(source),
                "--proof_mode",
                "--output",
                str(source.with_suffix(".json")),
            ],
            check=True,
        )
    for case in CASES:
        out = case.dir
        out.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [args.cairo_run, *run_flags(case, out)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            print(f"{case.name}: cairo-run failed:\n{done.stderr}", file=sys.stderr)
            return 1
        (out / "stdout.txt").write_text(done.stdout)
        if case.proof_mode:
            private = json.loads((out / "private.json").read_text())
            private["trace_path"], private["memory_path"] = "trace.bin", "memory.bin"
            (out / "private.json").write_text(json.dumps(private, indent=4) + "\n")
        print(
            f"{case.name}: {len(done.stdout.splitlines())} lines, files in {out.relative_to(GOLDEN.parent)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
