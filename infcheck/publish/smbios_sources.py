"""Reading SMBIOS values from a Linux machine or from the text other CHID tools print.

* ``/sys/class/dmi/id`` (Linux): one file per field; ``bios_release`` holds
  ``major.minor`` in decimal and ``chassis_type`` the enclosure type in decimal.
* ``fwupdtool hwids``: a "Computer Information" block of ``Key: value`` lines
  with BIOS releases in decimal and ``EnclosureKind`` in hexadecimal.
* ComputerHardwareIds.exe: the same block with its own labels (``BIOS Vendor``,
  ``System BIOS Major Release``, ``Enclosure Type: 03 "Desktop"``) and
  ``(null)`` for a missing string.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from infcheck.files import FileTooLarge, describe_size, read_regular_file
from infcheck.publish.chid import Smbios

DMI_FOLDER = Path("/sys/class/dmi/id")

# An SMBIOS string is at most 64 bytes and a whole capture a few kilobytes; these bounds keep a
# FIFO, /dev/zero or a huge file named by mistake from hanging the command or filling memory.
MAX_DMI_VALUE_BYTES = 64 * 1024
MAX_CAPTURE_BYTES = 1024 * 1024

_DMI_FILES = {
    "manufacturer": "sys_vendor",
    "family": "product_family",
    "product_name": "product_name",
    "sku": "product_sku",
    "bios_vendor": "bios_vendor",
    "bios_version": "bios_version",
    "baseboard_manufacturer": "board_vendor",
    "baseboard_product": "board_name",
}


class CaptureError(ValueError):
    """Text that does not hold a Computer Information block."""


def _read_text(path: Path) -> str | None:
    try:
        data = read_regular_file(path, MAX_DMI_VALUE_BYTES)
    except FileNotFoundError:
        return None
    text = data.decode("utf-8", errors="replace")
    return text[:-1] if text.endswith("\n") else text


def read_dmi(folder: Path = DMI_FOLDER) -> Smbios:
    """Read the running machine's SMBIOS values from sysfs (or a copy of that folder)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of DMI values")
    values: dict[str, object] = {}
    for field, file_name in _DMI_FILES.items():
        text = _read_text(folder / file_name)
        if text is not None:
            values[field] = text
    release = _read_text(folder / "bios_release")
    if release:
        major, _, minor = release.strip().partition(".")
        if major.isdigit() and minor.isdigit():
            values["bios_major"], values["bios_minor"] = int(major), int(minor)
    chassis = _read_text(folder / "chassis_type")
    if chassis and chassis.strip().isdigit():
        values["enclosure_type"] = int(chassis.strip())
    return Smbios(**values)  # type: ignore[arg-type]


# Normalised label (lower case, letters only) -> (field, how the value is written).
_LABELS = {
    "manufacturer": ("manufacturer", "text"),
    "systemmanufacturer": ("manufacturer", "text"),
    "family": ("family", "text"),
    "systemfamily": ("family", "text"),
    "productname": ("product_name", "text"),
    "systemproductname": ("product_name", "text"),
    "productsku": ("sku", "text"),
    "skunumber": ("sku", "text"),
    "systemskunumber": ("sku", "text"),
    "biosvendor": ("bios_vendor", "text"),
    "biosversion": ("bios_version", "text"),
    "biosversionstring": ("bios_version", "text"),
    "biosmajorrelease": ("bios_major", "decimal"),
    "systembiosmajorrelease": ("bios_major", "decimal"),
    "biosminorrelease": ("bios_minor", "decimal"),
    "systembiosminorrelease": ("bios_minor", "decimal"),
    "enclosurekind": ("enclosure_type", "hex"),
    "enclosuretype": ("enclosure_type", "hex"),
    "baseboardmanufacturer": ("baseboard_manufacturer", "text"),
    "baseboardproduct": ("baseboard_product", "text"),
}

_LABEL = re.compile(r"[A-Za-z][A-Za-z _]*")
_LEADING_NUMBER = re.compile(r"^\s*(?:0x)?([0-9A-Fa-f]+)")


def read_capture(path: Path) -> str:
    """The text of a capture file: a regular file of at most ``MAX_CAPTURE_BYTES``."""
    return read_regular_file(path, MAX_CAPTURE_BYTES).decode("utf-8", errors="replace")


def read_capture_stream(stream) -> str:
    """The text of a capture read from ``stream`` (standard input), with the same bound as a file."""
    data = stream.read(MAX_CAPTURE_BYTES + 1)
    if len(data) > MAX_CAPTURE_BYTES:
        raise FileTooLarge(errno.EFBIG, f"larger than {describe_size(MAX_CAPTURE_BYTES)}", "-")
    return data.decode("utf-8", errors="replace")


def _label_and_value(line: str) -> tuple[str, str] | None:
    """``("BIOS Vendor", " LENOVO")`` for ``BIOS Vendor: LENOVO``; ``None`` for any other line.

    Split at the first colon rather than with one pattern over the line: a lazy label
    followed by optional blanks backtracks quadratically on a long line without a colon.
    """
    label, colon, value = line.partition(":")
    label = label.strip()
    if not colon or _LABEL.fullmatch(label) is None:
        return None
    return label, value


def parse_capture(text: str) -> Smbios:
    """Read the Computer Information block printed by ``fwupdtool hwids`` or ComputerHardwareIds.exe."""
    values: dict[str, object] = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        if line.strip().lower().startswith("hardware ids"):
            break
        found = _label_and_value(line)
        if found is None:
            continue
        written_label, raw = found
        label = re.sub(r"[^a-z]", "", written_label.lower())
        known = _LABELS.get(label)
        if known is None or known[0] in values:
            continue
        field, form = known
        value = raw[1:] if raw.startswith(" ") else raw
        if form == "text":
            if value.strip() == "(null)":
                continue
            values[field] = value
            continue
        if not value.strip():
            values[field] = ""  # present but empty: hashed as an empty string, as fwupd does
            continue
        number = _LEADING_NUMBER.match(value)
        if number is None:
            raise CaptureError(f"line {line_number}: {written_label} is not a number: {value.strip()!r}")
        digits = number.group(1)
        try:
            values[field] = int(digits, 16) if form == "hex" else int(digits, 10)
        except ValueError:
            raise CaptureError(f"line {line_number}: {written_label} is not a number") from None
    if not values:
        raise CaptureError("no Computer Information values found (expected lines such as 'Manufacturer: ...')")
    try:
        return Smbios(**values)  # type: ignore[arg-type]
    except ValueError as error:
        raise CaptureError(str(error)) from None
