"""Display driver INFs: those of the Display setup class, by name or by ClassGuid."""

from __future__ import annotations

from infcheck.guids import normalize_guid
from infcheck.index import Index
from infcheck.knowledge.setup_classes import SYSTEM_CLASSES

DISPLAY_CLASS = "display"
DISPLAY_CLASS_GUID = SYSTEM_CLASSES["Display"]


def is_display_inf(index: Index) -> bool:
    """Whether [Version] names the Display setup class, by Class or by ClassGuid."""
    version = index.version
    name = version.text("class")
    if name is not None and name.strip().lower() == DISPLAY_CLASS:
        return True
    guid = version.text("classguid")
    return guid is not None and normalize_guid(guid) == DISPLAY_CLASS_GUID
