"""Reading the machine type and subsystem of a Windows image (.sys, .dll, .exe) with pefile.

pefile is imported only here and only when a package rule inspects an image, so a plain INF
check never loads it. Source: learn.microsoft.com/windows/win32/debug/pe-format
(Machine Types, Windows Subsystem).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

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
    import pefile  # a package rule inspecting an image is the only user; see the module documentation

    headers = _read_headers(pefile, data)
    if headers is not None:
        return headers
    # Anything unusual: pefile's whole parse, which says what is wrong.
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


_PE32_MAGIC, _PE32_PLUS_MAGIC = 0x10B, 0x20B


def _read_headers(pefile: Any, data: bytes) -> ImageHeaders | None:
    """The headers through pefile's own structures for the three headers they live in (the DOS
    header, the file header and the optional header's magic and subsystem), without the dozens
    of others ``pefile.PE`` reads (a third of a package check); ``None`` when anything is unusual."""
    dos = pefile.Structure(pefile.PE.__IMAGE_DOS_HEADER_format__)
    if len(data) < dos.sizeof():
        return None
    dos.__unpack__(data[: dos.sizeof()])
    if dos.e_magic != pefile.IMAGE_DOS_SIGNATURE:
        return None
    offset = dos.e_lfanew
    if data[offset : offset + 4] != b"PE\0\0":
        return None
    file_header = pefile.Structure(pefile.PE.__IMAGE_FILE_HEADER_format__)
    start = offset + 4
    chunk = data[start : start + file_header.sizeof()]
    if len(chunk) != file_header.sizeof():
        return None
    file_header.__unpack__(chunk)
    optional_start = start + file_header.sizeof()
    magic = int.from_bytes(data[optional_start : optional_start + 2], "little")
    if magic not in (_PE32_MAGIC, _PE32_PLUS_MAGIC) or file_header.SizeOfOptionalHeader < 70:
        return None
    optional = pefile.Structure(
        pefile.PE.__IMAGE_OPTIONAL_HEADER64_format__
        if magic == _PE32_PLUS_MAGIC
        else pefile.PE.__IMAGE_OPTIONAL_HEADER_format__
    )
    chunk = data[optional_start : optional_start + optional.sizeof()]
    if len(chunk) != optional.sizeof():
        return None
    optional.__unpack__(chunk)
    return ImageHeaders(int(file_header.Machine), int(optional.Subsystem))
