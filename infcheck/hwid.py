"""Hardware IDs and compatible IDs, split into their bus-specific parts.

An ID is ``enumerator\\device-part`` (``PCI\\VEN_8086&DEV_1234``), a generic
``*PNP0C14``, or, wrongly for publishing, a bare device part. The device part
is split at ``&`` and ``\\`` into parts such as ``VEN_8086``; each part keeps
its offsets in the ID so a diagnostic or a hover can point at exactly it.
Bluetooth IDs write ``{service-uuid}_VID&0001004c_PID&0100`` and UEFI
firmware resources ``RES_{guid}``; both are understood too.

Formats by bus: learn.microsoft.com/windows-hardware/drivers/install/identifiers-for-pci-devices,
.../standard-usb-identifiers, .../identifiers-for-hdaudio-devices,
.../hid/hidclass-hardware-ids-for-top-level-collections,
.../bluetooth/installing-a-bluetooth-device, .../bringup/plug-and-play-device.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from infcheck.patterns import LazyPattern

# What each part kind means, for hovers and messages.
PART_DESCRIPTIONS = {
    "VEN": "vendor ID",
    "DEV": "device ID",
    "SUBSYS": "subsystem ID and subsystem vendor ID",
    "REV": "revision",
    "VID": "vendor ID",
    "PID": "product ID",
    "MI": "interface number of a composite device",
    "FUNC": "function group type",
    "CC": "class code",
    "CLASS": "device class",
    "SUBCLASS": "device subclass",
    "PROT": "protocol",
    "COL": "top-level collection number",
    "DT": "device type",
    "CTRL_VEN": "controller vendor ID",
    "CTRL_DEV": "controller device ID",
    "AID": "audio function ID",
    "LOCALMFG": "local manufacturer code",
    "SERVICE": "Bluetooth service UUID",
    "RES": "firmware resource GUID",
    "TEXT": "enumerator-specific text",
}

_KEYED_PART = LazyPattern(
    r"^(?P<kind>CTRL_VEN|CTRL_DEV|SUBCLASS|SUBSYS|CLASS|FUNC|PROT|VEN|DEV|REV|VID|PID|AID|MI|CC|DT|RES)_(?P<value>.*)$",
    re.IGNORECASE,
)
_COLLECTION = LazyPattern(r"^COL(?P<value>[0-9A-F]{2,})$", re.IGNORECASE)
_GUID_TEXT = r"\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}"
_BLUETOOTH_SERVICE = LazyPattern(_GUID_TEXT)
_BLUETOOTH_FIELD = LazyPattern(r"(?P<kind>VID|PID|REV|LOCALMFG)&(?P<value>[0-9A-Za-z]+)", re.IGNORECASE)
_SEPARATORS = re.compile(r"[&\\]")

BLUETOOTH_ENUMERATORS = frozenset({"bthenum", "bthledevice", "bthle", "bthhfenum"})

# Buses whose VEN_ codes are PCI vendor IDs, and those whose VID_/PID_ codes are USB IDs.
PCI_VENDOR_BUSES = ("PCI", "HDAUDIO")
USB_ID_BUSES = ("USB", "HID", "USBSTOR", "WPDBUSENUMROOT")


class HwidPart(NamedTuple):
    """One part of a device ID: ``kind`` (``VEN``, ``PID``, ``SERVICE``...), its value and offsets."""

    kind: str
    value: str
    start: int
    end: int

    @property
    def description(self) -> str:
        return PART_DESCRIPTIONS.get(self.kind, "")


class _HardwareIdFields(NamedTuple):
    text: str
    enumerator: str | None
    parts: tuple[HwidPart, ...]


class HardwareId(_HardwareIdFields):
    """A parsed hardware or compatible ID. Offsets are into :attr:`text`.

    Unlike the other tuples here it has a ``__dict__``, where
    :attr:`enumerator_upper` is kept once worked out: rules ask for it for every
    ID of a file on every check, and the parsed IDs themselves are remembered.
    """

    def __getattr__(self, name: str) -> str:
        if name != "enumerator_upper":
            raise AttributeError(name)
        upper = self.__dict__["enumerator_upper"] = (self.enumerator or "").upper()
        return upper

    @property
    def generic(self) -> bool:
        """A ``*``-prefixed generic ID such as ``*PNP0C14``."""
        return self.text.startswith("*")

    @property
    def device_part(self) -> str:
        """Everything after the enumerator's backslash (the whole ID when there is none)."""
        if self.enumerator is None:
            return self.text
        return self.text[len(self.enumerator) + 1 :]

    @property
    def device_part_start(self) -> int:
        return 0 if self.enumerator is None else len(self.enumerator) + 1

    def part(self, kind: str) -> HwidPart | None:
        for part in self.parts:
            if part.kind == kind:
                return part
        return None

    def has(self, kind: str) -> bool:
        return self.part(kind) is not None

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(part.kind for part in self.parts)

    def describe(self) -> str:
        """A one-line reading of the ID, for hovers."""
        if self.enumerator is None:
            head = "no bus enumerator"
        else:
            head = f"enumerator {self.enumerator}"
        pieces = [f"{part.kind}={part.value}" for part in self.parts if part.kind != "TEXT"]
        return head + (": " + ", ".join(pieces) if pieces else "")


@lru_cache(maxsize=1 << 16)
def parse_hardware_id(text: str) -> HardwareId:
    """Split an ID into enumerator and parts; never raises.

    The result depends only on the text, and a large INF lists thousands of
    IDs that are parsed again after every edit, so results are remembered.
    """
    backslash = text.find("\\")
    if backslash < 0:
        return HardwareId(text, None, tuple(_split_parts(text, 0)))
    enumerator = text[:backslash]
    offset = backslash + 1
    rest = text[offset:]
    if enumerator.lower() in BLUETOOTH_ENUMERATORS:
        parts = _bluetooth_parts(rest, offset)
    else:
        parts = _split_parts(rest, offset)
    return HardwareId(text, enumerator, tuple(parts))


def _split_parts(text: str, offset: int) -> list[HwidPart]:
    parts = []
    start = offset
    for segment in _SEPARATORS.split(text):  # every separator is one character long
        end = start + len(segment)
        if segment:
            parts.append(_classify(segment, start, end))
        start = end + 1
    return parts


_KEYED_KINDS = frozenset(
    {"SUBCLASS", "SUBSYS", "CLASS", "FUNC", "PROT", "VEN", "DEV", "REV", "VID", "PID", "AID", "MI", "CC", "DT", "RES"}
)
_CONTROLLER_KINDS = frozenset({"CTRL_VEN", "CTRL_DEV"})


def _classify(segment: str, start: int, end: int) -> HwidPart:
    if segment.isascii() and "\n" not in segment:
        # The common case, without a regular expression: the kind is the text before the first
        # underscore (the first two for CTRL_VEN and CTRL_DEV), compared in upper case.
        underscore = segment.find("_")
        if underscore > 0:
            kind = segment[:underscore].upper()
            if kind == "CTRL":
                second = segment.find("_", underscore + 1)
                if second > 0 and segment[:second].upper() in _CONTROLLER_KINDS:
                    return HwidPart(segment[:second].upper(), segment[second + 1 :], start, end)
            elif kind in _KEYED_KINDS:
                return HwidPart(kind, segment[underscore + 1 :], start, end)
        if segment[:3].upper() != "COL":
            return HwidPart("TEXT", segment, start, end)
    keyed = _KEYED_PART.match(segment)
    if keyed:
        kind = keyed.group("kind").upper()
        return HwidPart(kind, keyed.group("value"), start, end)
    collection = _COLLECTION.match(segment)
    if collection:
        return HwidPart("COL", collection.group("value"), start, end)
    return HwidPart("TEXT", segment, start, end)


def _bluetooth_parts(text: str, offset: int) -> list[HwidPart]:
    parts = []
    service = _BLUETOOTH_SERVICE.match(text)
    if service:
        parts.append(HwidPart("SERVICE", service.group(), offset, offset + service.end()))
    for field in _BLUETOOTH_FIELD.finditer(text, service.end() if service else 0):
        parts.append(
            HwidPart(field.group("kind").upper(), field.group("value"), offset + field.start(), offset + field.end())
        )
    if not parts and text:
        parts.append(HwidPart("TEXT", text, offset, offset + len(text)))
    return parts
