"""Reading the machine type and subsystem of a Windows image (.sys, .dll, .exe).

A well-formed image's two fields are read straight from its headers; pefile, imported only here
and only for an image that is not (to say what is wrong with it), reads any other.
Source: learn.microsoft.com/windows/win32/debug/pe-format (Machine Types, Windows Subsystem).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from infcheck.files import read_regular_file

# The file suffixes of Windows images an INF copies.
IMAGE_SUFFIXES = (".sys", ".dll", ".exe")

# IMAGE_FILE_MACHINE_* for each INF architecture.
MACHINE_TYPES = {"x86": 0x014C, "amd64": 0x8664, "arm": 0x01C4, "arm64": 0xAA64, "ia64": 0x0200}
MACHINE_NAMES = {machine: architecture for architecture, machine in MACHINE_TYPES.items()}
# An ARM64EC or ARM64X image also runs as an arm64 one.
_ALSO_ARM64 = frozenset({0xA641})

IMAGE_SUBSYSTEM_NATIVE = 1


class ImageHeaders(NamedTuple):
    machine: int
    subsystem: int

    def runs_on(self, architecture: str) -> bool:
        return self.machine == MACHINE_TYPES.get(architecture) or (
            architecture == "arm64" and self.machine in _ALSO_ARM64
        )

    @property
    def machine_name(self) -> str:
        return MACHINE_NAMES.get(self.machine) or (
            "arm64ec" if self.machine in _ALSO_ARM64 else f"0x{self.machine:04X}"
        )


class NotAnImage(ValueError):
    """The file is not a Windows PE image."""


def is_image_name(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)


def read_image_headers(path: Path) -> ImageHeaders:
    """The machine type and subsystem of the image at ``path``.

    Raises :class:`NotAnImage` when the file is not a PE image, and ``OSError`` when it cannot be read.
    """
    return image_headers_of(read_regular_file(path))


def image_headers_of(data: bytes) -> ImageHeaders:
    """The machine type and subsystem of the image whose bytes are ``data``; :class:`NotAnImage`
    when they are not a PE image."""
    headers = _read_headers(data)
    if headers is not None:
        return headers
    # Anything unusual: pefile's whole parse, which says what is wrong.
    import pefile  # costs a check more than the rest of its package rules; see the module documentation

    try:
        image = pefile.PE(data=data, fast_load=True)
    except pefile.PEFormatError as error:
        raise NotAnImage(str(error.value) if hasattr(error, "value") else str(error)) from None
    # Not image.close(): it only releases a mapped file (there is none with data=) and runs a full
    # garbage collection each time, which made the rule cost more than the whole check.
    try:
        return ImageHeaders(int(image.FILE_HEADER.Machine), int(image.OPTIONAL_HEADER.Subsystem))
    except AttributeError:
        raise NotAnImage("the image has no optional header") from None


# Where the two fields lie: the DOS header (64 bytes, "MZ", then at 0x3C the offset of "PE\0\0"),
# the file header after that signature (20 bytes: Machine first, SizeOfOptionalHeader at 16), and
# the optional header after it (Subsystem at 68 in both layouts). The lengths are those of
# pefile's structures for these headers, which a well-formed image must hold.
_DOS_SIGNATURE = b"MZ"
_DOS_HEADER_SIZE = 64
_NEW_HEADER_OFFSET = 0x3C
_FILE_HEADER_SIZE = 20
_PE32_MAGIC, _PE32_PLUS_MAGIC = 0x10B, 0x20B
_OPTIONAL_HEADER_SIZES = {_PE32_MAGIC: 96, _PE32_PLUS_MAGIC: 112}  # up to NumberOfRvaAndSizes
_SUBSYSTEM_OFFSET = 68
_SMALLEST_OPTIONAL_HEADER = _SUBSYSTEM_OFFSET + 2


def _little_endian(data: bytes, start: int, size: int) -> int:
    return int.from_bytes(data[start : start + size], "little")


def _read_headers(data: bytes) -> ImageHeaders | None:
    """The headers read straight from the three headers they live in, as pefile's structures for
    those headers read them, without importing pefile (whose import costs more than a small
    package's check) or reading the dozens of others ``pefile.PE`` reads; ``None`` when anything
    is unusual."""
    if len(data) < _DOS_HEADER_SIZE or not data.startswith(_DOS_SIGNATURE):
        return None
    offset = _little_endian(data, _NEW_HEADER_OFFSET, 4)
    if data[offset : offset + 4] != b"PE\0\0":
        return None
    start = offset + 4
    if len(data) < start + _FILE_HEADER_SIZE:
        return None
    machine = _little_endian(data, start, 2)
    optional_size = _little_endian(data, start + 16, 2)
    optional_start = start + _FILE_HEADER_SIZE
    magic = _little_endian(data, optional_start, 2)
    if magic not in _OPTIONAL_HEADER_SIZES or optional_size < _SMALLEST_OPTIONAL_HEADER:
        return None
    if len(data) < optional_start + _OPTIONAL_HEADER_SIZES[magic]:
        return None
    return ImageHeaders(machine, _little_endian(data, optional_start + _SUBSYSTEM_OFFSET, 2))
