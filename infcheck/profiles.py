"""The profiles that mirror InfVerif's modes, by name.

Kept apart from the level table (``infverif_table``) so that the command line
can offer the names without loading 202 codes on every start.
"""

from __future__ import annotations

# default: no switch; declarative: /k; universal: /u; windows-driver: /w; whql: /h.
PROFILES = ("default", "declarative", "universal", "windows-driver", "whql")
