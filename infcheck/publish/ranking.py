"""PnP driver ranking: how Windows orders the drivers that match a device.

rank = signature score + feature score + identifier score, lower is better;
equal ranks go to the newer DriverVer date, then to the higher version.

* Signature score: a trusted signature ranks ``0x0D000000`` (all trusted
  signers rank alike since Windows 7), an unsigned driver ``0x80000000``.
* Feature score: the DDInstall section's ``FeatureScore`` byte times
  ``0x10000``; ``0xFF`` when the INF gives none.
* Identifier score: ``0x0000 + i`` when the device's hardware ID number ``i``
  is a Models entry's hardware ID; ``0x1000 + i + 0x100*k`` when it is the
  entry's compatible ID number ``k``; ``0x2000 + j`` when the device's
  compatible ID number ``j`` is the entry's hardware ID; ``0x3000 + j + 0x100*k``
  when it is the entry's compatible ID number ``k``.

Sources: learn.microsoft.com/windows-hardware/drivers/install/how-windows-ranks-driver-packages,
.../identifier-score--windows-vista-and-later-, .../overview-of-the-driver-selection-process;
``SIGNERSCORE_*`` in setupapi.h.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from infcheck.driverver import DriverVer

TRUSTED_SIGNATURE = 0x0D000000
UNSIGNED_SIGNATURE = 0x80000000
SIGNATURE_SCORES = {"trusted": TRUSTED_SIGNATURE, "unsigned": UNSIGNED_SIGNATURE}
DEFAULT_FEATURE_SCORE = 0xFF


@dataclass(frozen=True, slots=True)
class ModelsMatch:
    """One Models entry of a driver: its hardware ID and compatible IDs (lower case) and feature score."""

    hardware_id: str | None
    compatible_ids: tuple[str, ...] = ()
    feature_score: int = DEFAULT_FEATURE_SCORE


def identifier_score(entry: ModelsMatch, device_hwids: Sequence[str], device_cids: Sequence[str]) -> int | None:
    """The best identifier score of one Models entry for a device (IDs lower case), or ``None``."""
    best = None
    for i, device_id in enumerate(device_hwids):
        if device_id == entry.hardware_id:
            # Any hardware-ID match (below 0x1000) beats every compatible match, and later
            # positions only score higher, so the first one found is the best.
            return i
        for k, compatible in enumerate(entry.compatible_ids):
            if device_id == compatible:
                score = 0x1000 + i + 0x100 * k
                best = score if best is None or score < best else best
    if best is not None:
        return best
    for j, device_id in enumerate(device_cids):
        if device_id == entry.hardware_id:
            score = 0x2000 + j
            best = score if best is None or score < best else best
        for k, compatible in enumerate(entry.compatible_ids):
            if device_id == compatible:
                score = 0x3000 + j + 0x100 * k
                best = score if best is None or score < best else best
    return best


def driver_rank(
    entries: Sequence[ModelsMatch], signature: str, device_hwids: Sequence[str], device_cids: Sequence[str]
) -> int | None:
    """The driver's rank for a device (the best over its Models entries), or ``None`` if nothing matches."""
    best = None
    for entry in entries:
        score = identifier_score(entry, device_hwids, device_cids)
        if score is None:
            continue
        rank = SIGNATURE_SCORES[signature] + entry.feature_score * 0x10000 + score
        best = rank if best is None or rank < best else best
    return best


def ranking_key(rank: int, driver_ver: DriverVer) -> tuple:
    """Sort key, smallest first: lower rank, then newer date, then higher version."""
    return (rank, -driver_ver.date.toordinal(), tuple(-part for part in driver_ver.version))
