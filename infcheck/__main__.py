"""``python -m infcheck`` runs the command-line interface."""

import sys

from infcheck.cli import main

sys.exit(main())
