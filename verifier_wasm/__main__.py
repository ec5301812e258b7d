"""Entry point of ``python -m verifier_wasm`` (see :mod:`verifier_wasm.cli`)."""

import sys

from verifier_wasm.cli import main

sys.exit(main())
