"""infcheck: a static checker for Windows driver INF files and their publishing rules."""

__version__ = "0.1.0"
