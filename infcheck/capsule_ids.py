"""Whether an INF may be a firmware capsule package, answered without loading the capsule model.

Most INF files list no ``UEFI\\...`` ID at all; for them the firmware rules and the package facts
return at once, and :mod:`infcheck.capsule_model` (with its records) is never imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infcheck.index import Index

# The enumerator of the IDs Windows gives firmware resources (UEFI\RES_{GUID}).
UEFI_ENUMERATOR = "UEFI"


def lists_uefi_ids(index: Index) -> bool:
    r"""Whether any Models entry lists a ``UEFI\...`` ID; without one an INF is no capsule package."""
    return UEFI_ENUMERATOR in index.device_ids_by_bus
