"""The profiles that mirror InfVerif's modes, by name.

Kept apart from the level table (``infverif_table``) so that the command line
can offer the names without loading 202 codes on every start.
"""

from __future__ import annotations

# default: no switch; declarative: /k; universal: /u; windows-driver: /w; whql: /h.
PROFILES = ("default", "declarative", "universal", "windows-driver", "whql")

# InfVerif's own mode switches, so that a build script's "infverif /w" moves over as "--profile /w".
SWITCHES = {"/k": "declarative", "/u": "universal", "/w": "windows-driver", "/h": "whql"}


def profile_named(text: str) -> str | None:
    """The profile ``text`` names, by its name or by InfVerif's switch (``/w``, any letter case); ``None``: none."""
    if text in PROFILES:
        return text
    return SWITCHES.get(text.strip().lower())


def profile_choices() -> str:
    """The accepted spellings, for error messages."""
    return ", ".join(PROFILES) + " (or InfVerif's switches " + ", ".join(SWITCHES) + ")"
