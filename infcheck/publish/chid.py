"""Computer hardware IDs (CHIDs): the 15 Windows 10 IDs computed from SMBIOS values.

Each CHID joins some SMBIOS fields with ``&``, encodes the result as UTF-16 LE
and hashes it into a name-based (version 5) UUID with SHA-1 under the
namespace ``70ffd812-4c7f-4c7d-0000-000000000000``, as ComputerHardwareIds.exe
does. A CHID is produced only when every field it uses is present; a field
present but empty is hashed as the empty string. Strings are trimmed of
surrounding whitespace and never case-folded; BIOS major and minor releases
are written as two lower-case hex digits and the enclosure type as lower-case
hex without padding.

Sources: learn.microsoft.com/windows-hardware/drivers/install/specifying-hardware-ids-for-a-computer;
Driver publishing workflow for Windows 10, Table 3; the algorithm as
reverse-engineered by fwupd (libfwupdplugin/fu-hwids*.c).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass, fields

NAMESPACE = uuid.UUID("70ffd812-4c7f-4c7d-0000-000000000000")

_BYTE = re.compile(r"0[xX][0-9A-Fa-f]+|[0-9]+")

_WHITESPACE = " \t\r\n\f\v"


@dataclass(frozen=True, slots=True)
class Smbios:
    """SMBIOS values of one computer.

    ``None`` means the field is missing; an empty string means it is present
    but empty (possible for the numeric fields too, as fwupd reports them), and
    is hashed as empty.
    """

    manufacturer: str | None = None
    family: str | None = None
    product_name: str | None = None
    sku: str | None = None
    bios_vendor: str | None = None
    bios_version: str | None = None
    bios_major: int | str | None = None
    bios_minor: int | str | None = None
    enclosure_type: int | str | None = None
    baseboard_manufacturer: str | None = None
    baseboard_product: str | None = None

    def __post_init__(self) -> None:
        for name in NUMERIC_FIELDS:
            number = getattr(self, name)
            if number is None or number == "":
                continue
            if isinstance(number, bool) or not (isinstance(number, int) and 0 <= number <= 255):
                raise ValueError(f"{name.replace('_', '-')} must be an integer from 0 to 255, not {number!r}")


FIELD_NAMES = tuple(field.name for field in fields(Smbios))
NUMERIC_FIELDS = ("bios_major", "bios_minor", "enclosure_type")

# How ComputerHardwareIds.exe labels each field.
FIELD_LABELS = {
    "manufacturer": "Manufacturer",
    "family": "Family",
    "product_name": "ProductName",
    "sku": "SKUNumber",
    "bios_vendor": "BIOS Vendor",
    "bios_version": "BIOS Version",
    "bios_major": "BIOS Major Release",
    "bios_minor": "BIOS Minor Release",
    "enclosure_type": "Enclosure Type",
    "baseboard_manufacturer": "Baseboard Manufacturer",
    "baseboard_product": "Baseboard Product",
}

_BIOS = ("bios_vendor", "bios_version", "bios_major", "bios_minor")
_BASEBOARD = ("baseboard_manufacturer", "baseboard_product")

# HardwareID-0 ... HardwareID-14, Windows 10 and later.
CHID_FIELDS: tuple[tuple[str, ...], ...] = (
    ("manufacturer", "family", "product_name", "sku", *_BIOS),
    ("manufacturer", "family", "product_name", *_BIOS),
    ("manufacturer", "product_name", *_BIOS),
    ("manufacturer", "family", "product_name", "sku", *_BASEBOARD),
    ("manufacturer", "family", "product_name", "sku"),
    ("manufacturer", "family", "product_name"),
    ("manufacturer", "sku", *_BASEBOARD),
    ("manufacturer", "sku"),
    ("manufacturer", "product_name", *_BASEBOARD),
    ("manufacturer", "product_name"),
    ("manufacturer", "family", *_BASEBOARD),
    ("manufacturer", "family"),
    ("manufacturer", "enclosure_type"),
    ("manufacturer", *_BASEBOARD),
    ("manufacturer",),
)


@dataclass(frozen=True, slots=True)
class Chid:
    """One computed (or not computable) CHID."""

    index: int
    fields: tuple[str, ...]
    guid: uuid.UUID | None
    joined: str | None
    missing: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"HardwareID-{self.index}"

    @property
    def braced(self) -> str | None:
        return f"{{{self.guid}}}" if self.guid is not None else None

    @property
    def label(self) -> str:
        return " + ".join(FIELD_LABELS[name] for name in self.fields)


def hash_name(text: str) -> uuid.UUID:
    """The CHID of an already joined string."""
    digest = hashlib.sha1(NAMESPACE.bytes + text.encode("utf-16-le")).digest()
    return uuid.UUID(bytes=digest[:16], version=5)


def field_text(smbios: Smbios, name: str) -> str | None:
    """A field as it is hashed, or ``None`` when it is missing."""
    value = getattr(smbios, name)
    if value is None or value == "":
        return value
    if name in ("bios_major", "bios_minor"):
        return f"{value:02x}"
    if name == "enclosure_type":
        return f"{value:x}"
    return value.strip(_WHITESPACE)


def compute_chids(smbios: Smbios) -> list[Chid]:
    """All fifteen CHIDs, in order; those missing a field have ``guid`` ``None``."""
    texts = {name: field_text(smbios, name) for name in FIELD_NAMES}
    chids = []
    for index, names in enumerate(CHID_FIELDS):
        missing = tuple(name for name in names if texts[name] is None)
        if missing:
            chids.append(Chid(index, names, None, None, missing))
            continue
        joined = "&".join(texts[name] for name in names)  # type: ignore[misc]
        chids.append(Chid(index, names, hash_name(joined), joined, ()))
    return chids


def parse_byte(text: str) -> int | str:
    """A decimal or ``0x`` hexadecimal integer from 0 to 255; an empty text stays empty (present, no value)."""
    written = text.strip()
    if not written:
        return ""
    if not _BYTE.fullmatch(written):
        raise ValueError(f"{written!r} is not a decimal or 0x hexadecimal integer")
    number = int(written, 16) if written[:2].lower() == "0x" else int(written, 10)
    if not 0 <= number <= 255:
        raise ValueError(f"{written} is outside 0-255")
    return number


def normalize_chid(text: str) -> str:
    """Compare CHIDs (or symbolic names like ``CHID_1``) without case or braces."""
    return text.strip().strip("{}").strip().lower()
