"""``python -m stack up|down|status|client|clean``: the local stack (see :mod:`stack`)."""

from __future__ import annotations

import argparse
import sys

from stack.config import StackConfigError, load_config
from stack.launcher import Stack, StackError


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m stack", description=__doc__)
    p.add_argument("command", choices=["up", "down", "status", "client", "clean"])
    args = p.parse_args(argv)
    try:
        stack = Stack(load_config())
        if args.command == "up":
            stack.up()
        elif args.command == "down":
            stack.down()
        elif args.command == "clean":
            stack.clean()
        elif args.command == "client":
            stack.more_load()
        else:
            running = stack.running()
            print(f"running: {', '.join(running) or 'nothing'}")
            if running:
                stack.report()
    except (StackError, StackConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
