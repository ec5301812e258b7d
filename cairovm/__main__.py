"""Entry point of ``python -m cairovm``."""

import sys

from cairovm.cli import main

sys.exit(main())
