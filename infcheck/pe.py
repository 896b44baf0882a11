"""Reading the machine type and subsystem of a Windows image (.sys, .dll, .exe) with pefile.

pefile is imported only here and only when a package rule inspects an image, so a plain INF
check never loads it. Source: learn.microsoft.com/windows/win32/debug/pe-format
(Machine Types, Windows Subsystem).
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
    import pefile  # a package rule inspecting an image is the only user; see the module documentation

    data = read_regular_file(path)
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
