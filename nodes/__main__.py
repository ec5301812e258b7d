"""`python -m nodes`: see nodes.cli."""

import sys

from nodes.cli import main

sys.exit(main())
