"""``python -m infcheck`` runs the command-line interface."""

from infcheck.cli import run

run()
