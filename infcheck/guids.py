"""GUID syntax: what a GUID looks like, braced or bare, and its normal form.

The setup classes and their GUIDs are INF knowledge: :mod:`infcheck.knowledge.setup_classes`.
"""

from __future__ import annotations

import re

from infcheck.patterns import LazyPattern

GUID_BODY = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
BRACED_GUID = re.compile(rf"^\{{{GUID_BODY}\}}$")
BARE_GUID = LazyPattern(rf"^{GUID_BODY}$")


def normalize_guid(text: str) -> str | None:
    """``{ABC...}`` or ``abc...`` -> lower-case GUID without braces; ``None`` if not a GUID."""
    stripped = text.strip()
    if BRACED_GUID.match(stripped):
        return stripped[1:-1].lower()
    if BARE_GUID.match(stripped):
        return stripped.lower()
    return None
