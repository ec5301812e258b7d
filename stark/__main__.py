"""Entry point of ``python -m stark``."""

import sys

from .cli import main

sys.exit(main())
