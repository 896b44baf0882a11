"""Vendor and device names from the system's pci.ids and usb.ids, when it has them.

These are the ID databases that ``lspci`` and ``lsusb`` use; Linux
distributions install them with pciutils, usbutils or hwdata. They are read
lazily, once, from the first place they are found; nothing is downloaded.
Folders named by the client's ``hwdataPath`` initialization option, then
``INFCHECK_HWDATA_PATH`` (folders separated by the platform's path separator),
are searched before the usual places.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from pathlib import Path
from typing import NamedTuple

from infcheck.files import MAX_FILE_BYTES, read_regular_file

# pci.ids, the larger of the two, is under 2 MB; the bound is the one every file infcheck reads has.
MAX_IDS_BYTES = MAX_FILE_BYTES

_USUAL_FOLDERS = (
    "/usr/share/hwdata",
    "/usr/share/misc",
    "/usr/share",
    "/usr/local/share/hwdata",
    "/usr/local/share",
    "/opt/homebrew/share",
    "/var/lib/usbutils",
    "/var/lib/pciutils",
)

_VENDOR = re.compile(r"([0-9a-fA-F]{4})\s+(.+)")
_DEVICE = re.compile(r"\t([0-9a-fA-F]{4})\s+(.+)")
_SUBSYSTEM = re.compile(r"\t\t([0-9a-fA-F]{4})\s+([0-9a-fA-F]{4})\s+(.+)")


class Vendor(NamedTuple):
    name: str
    devices: dict[str, str]
    # (subsystem vendor, subsystem device) -> name, for each device
    subsystems: dict[str, dict[tuple[str, str], str]]


def parse_ids(text: str) -> dict[str, Vendor]:
    """Vendors (upper-case hex) with their devices and subsystems, from pci.ids or usb.ids text.

    The files end with other lists (device classes, languages...) whose lines
    start with a keyword; those end the vendor a device line would belong to.
    """
    vendors: dict[str, Vendor] = {}
    current: Vendor | None = None
    device: str | None = None
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if line.startswith("\t\t"):
            match = _SUBSYSTEM.match(line)
            if match and current is not None and device is not None:
                key = (match.group(1).upper(), match.group(2).upper())
                current.subsystems.setdefault(device, {})[key] = match.group(3).strip()
            continue
        if line.startswith("\t"):
            match = _DEVICE.match(line)
            if match and current is not None:
                device = match.group(1).upper()
                current.devices[device] = match.group(2).strip()
            continue
        match = _VENDOR.fullmatch(line)
        if match:
            current = vendors.setdefault(match.group(1).upper(), Vendor(match.group(2).strip(), {}, {}))
        else:
            current = None
        device = None
    return vendors


def _search_folders(first: tuple[str, ...] = ()) -> list[Path]:
    extra = os.environ.get("INFCHECK_HWDATA_PATH", "")
    folders = [*first, *extra.split(os.pathsep), *_USUAL_FOLDERS]
    return [Path(folder) for folder in folders if folder]


def _read(name: str, first: tuple[str, ...] = ()) -> dict[str, Vendor]:
    for folder in _search_folders(first):
        for candidate in (folder / name, folder / f"{name}.gz"):
            data = _read_ids_file(candidate)
            if data is not None:
                return parse_ids(data.decode("utf-8", errors="replace"))
    return {}


def _read_ids_file(path: Path) -> bytes | None:
    """The text of an ids file (unpacked when it ends in ``.gz``), or ``None`` when it cannot be used.

    The folders come from the client and the environment, so a candidate may be
    a pipe, a device or a small archive that unpacks to gigabytes: only regular
    files are read, and neither the file nor what it unpacks to may pass
    :data:`MAX_IDS_BYTES`.
    """
    try:
        data = read_regular_file(path, MAX_IDS_BYTES)
        if path.suffix != ".gz":
            return data
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as archive:
            unpacked = archive.read(MAX_IDS_BYTES + 1)
    except (OSError, EOFError, zlib.error):
        return None
    return unpacked if len(unpacked) <= MAX_IDS_BYTES else None


class HardwareNames:
    """Looks names up in pci.ids and usb.ids, reading each file the first time it is needed."""

    def __init__(self, folders: tuple[str, ...] = ()) -> None:
        self._folders = folders
        self._tables: dict[str, dict[str, Vendor]] = {}

    def _table(self, name: str) -> dict[str, Vendor]:
        if name not in self._tables:
            self._tables[name] = _read(name, self._folders)
        return self._tables[name]

    def pci_vendor(self, vendor: str) -> str | None:
        found = self._table("pci.ids").get(vendor.upper())
        return found.name if found else None

    def pci_device(self, vendor: str, device: str) -> str | None:
        found = self._table("pci.ids").get(vendor.upper())
        return found.devices.get(device.upper()) if found else None

    def pci_subsystem(self, vendor: str, device: str, subsystem_vendor: str, subsystem_device: str) -> str | None:
        found = self._table("pci.ids").get(vendor.upper())
        if found is None:
            return None
        return found.subsystems.get(device.upper(), {}).get((subsystem_vendor.upper(), subsystem_device.upper()))

    def usb_vendor(self, vendor: str) -> str | None:
        found = self._table("usb.ids").get(vendor.upper())
        return found.name if found else None

    def usb_product(self, vendor: str, product: str) -> str | None:
        found = self._table("usb.ids").get(vendor.upper())
        return found.devices.get(product.upper()) if found else None
