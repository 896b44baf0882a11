"""What publishing needs to know about a driver package's INF.

Scenarios (``infcheck simulate``) and publishing plans (``publish.toml``) both
name INF files; this module reads one through the same parser and index the
rules use and keeps only what publishing decisions depend on: the device IDs
its Models entries list, their FeatureScores, DriverVer, the
``[TargetComputers]`` CHIDs, and whether it is a firmware package.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import NamedTuple

from infcheck.caches import FileCache
from infcheck.document import Span
from infcheck.driverver import DriverVer, DriverVerError, parse_driver_ver
from infcheck.files import read_regular_file
from infcheck.guids import normalize_guid
from infcheck.knowledge.setup_classes import FIRMWARE_CLASS_GUID
from infcheck.publish.ranking import DEFAULT_FEATURE_SCORE, ModelsMatch

FEATURE_SCORE = re.compile(r"^(?:0x)?([0-9a-f]{1,2})$", re.IGNORECASE)


class PackageInf(NamedTuple):
    """The publishing-relevant facts of one INF file."""

    path: Path
    entries: tuple[ModelsMatch, ...]  # lower-case IDs, as PnP compares them
    device_ids: tuple[str, ...]  # every hardware and compatible ID as written (after %strkey%), file order
    driver_ver: DriverVer | None
    driver_ver_error: str | None
    target_computers: frozenset[str]  # normalized CHIDs
    firmware: str | None  # why this is a firmware package, or None

    @property
    def id_set(self) -> frozenset[str]:
        return frozenset(device_id.lower() for device_id in self.device_ids)


# One summary per INF file, replaced when the file changes, so a plan whose INF is saved again
# and again keeps one; the least recently used are forgotten beyond the bound.
MAX_CACHED_SUMMARIES = 64
_summaries: FileCache[PackageInf] = FileCache(MAX_CACHED_SUMMARIES)


def read_package_inf(path: Path) -> PackageInf:
    """Read and summarize the INF at ``path``; raises ``OSError`` when it cannot be read.

    Only a regular file of at most :data:`~infcheck.files.MAX_FILE_BYTES` is read
    (:class:`~infcheck.files.NotRegularFile` and :class:`~infcheck.files.FileTooLarge`
    otherwise). Summaries are kept for as long as the file's size and
    modification time stay the same, so a plan naming one INF from many labels
    reads it once.
    """
    if "\0" in str(path):  # no operating system takes a NUL character in a path
        raise OSError(errno.EINVAL, "the path contains a NUL character", str(path))
    return _summaries.get(path, lambda real: summarize(path, read_regular_file(real)))


def cached_summaries() -> int:
    """How many INF summaries are kept."""
    return len(_summaries)


def forget_summaries() -> None:
    """Drop every kept summary."""
    _summaries.clear()


def summarize(path: Path, data: bytes) -> PackageInf:
    from infcheck.index import Index
    from infcheck.parse import parse_bytes

    document = parse_bytes(data, str(path))
    index = Index(document)
    entries = []
    device_ids = []
    for models_entry in index.models_entries:
        hardware = None
        compatibles = []
        for device_id in models_entry.ids:
            text = device_id.hardware_id.text
            if not text:
                continue
            device_ids.append(text)
            if device_id.compatible:
                compatibles.append(text.lower())
            elif hardware is None:
                hardware = text.lower()
        entries.append(ModelsMatch(hardware, tuple(compatibles), _feature_score(index, models_entry)))

    driver_ver = driver_ver_error = None
    written = index.version.get("driverver")
    if written is not None:
        try:
            driver_ver = parse_driver_ver(",".join(value.resolved for value in written.values), strict=False)
        except DriverVerError as error:
            driver_ver_error = str(error)

    from infcheck.publish.chid import normalize_chid  # the CHID model loads only for a plan's packages

    # Windows reads only the undecorated section (TGT002 reports decorated ones).
    chids = frozenset(
        normalize_chid(entry.values[0].resolved)
        for entry in document.entries_in("targetcomputers")
        if entry.values and not entry.values[0].is_empty
    )
    firmware = firmware_evidence(index)
    return PackageInf(
        Path(path),
        tuple(entries),
        tuple(device_ids),
        driver_ver,
        driver_ver_error,
        chids,
        firmware[1] if firmware else None,
    )


def firmware_evidence(index) -> tuple[Span, str] | None:
    """Where the indexed INF shows it is a firmware package (Class, ClassGuid or a UEFI
    resource ID) and what shows it, or ``None`` when it is not one."""
    version = index.version
    class_value = version.first_value("class")
    if class_value is not None and class_value.resolved.strip().lower() == "firmware":
        return class_value.span, "Class Firmware"
    guid_value = version.first_value("classguid")
    if guid_value is not None and normalize_guid(guid_value.resolved) == FIRMWARE_CLASS_GUID:
        return guid_value.span, "the Firmware ClassGuid"
    for device_id in index.device_ids_by_bus.get("UEFI", ()):
        if device_id.hardware_id.has("RES"):
            return device_id.span, f"the firmware resource ID {device_id.hardware_id.text}"
    return None


def _feature_score(index, models_entry) -> int:
    name = models_entry.install_name
    section = index.ddinstall_for(name, models_entry.models.platform_extension) if name else None
    if section is None:
        return DEFAULT_FEATURE_SCORE
    for entry in index.document.entries_in(section):
        if entry.key_lower == "featurescore" and entry.values:
            match = FEATURE_SCORE.match(entry.values[0].resolved.strip())
            if match:
                return int(match.group(1), 16)
    return DEFAULT_FEATURE_SCORE
