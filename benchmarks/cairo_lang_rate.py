"""Measure cairo-lang's own VM in steps per second (run with cairo-lang's Python 3.9 venv).

Usage: cairo_lang_rate.py PROGRAM.json LAYOUT INPUT.json  -> prints {"steps": n, "seconds": s}
Only the run (``run_until_pc``) is timed, not loading or relocation.
"""

import json
import sys
import time

from starkware.cairo.lang.compiler.program import Program
from starkware.cairo.lang.vm.cairo_runner import CairoRunner


def main() -> None:
    program_path, layout, input_path = sys.argv[1:4]
    with open(program_path) as f:
        program = Program.load(data=json.load(f))
    with open(input_path) as f:
        program_input = json.load(f)
    runner = CairoRunner(program=program, layout=layout, proof_mode=False)
    runner.initialize_segments()
    end = runner.initialize_main_entrypoint()
    runner.initialize_zero_segment()
    runner.initialize_vm(hint_locals={"program_input": program_input})
    start = time.process_time()
    runner.run_until_pc(end)
    seconds = time.process_time() - start
    print(json.dumps({"steps": runner.vm.current_step, "seconds": seconds}))


if __name__ == "__main__":
    main()
