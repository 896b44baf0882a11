"""Directory IDs (DIRIDs): the numbers an INF writes for the folders Windows knows.

In [DestinationDirs] a DIRID is written as a number (``DefaultDestDir = 12``); in a path it
is written as a token (``ServiceBinary = %13%\\driver.sys``). System DIRIDs run from -1 to
32767; user DIRIDs are 32768 to 65534 and 65536 up; 65535 means the same as -1.

Source: learn.microsoft.com/windows-hardware/drivers/install/using-dirids.
"""

from __future__ import annotations

from typing import NamedTuple


class Dirid(NamedTuple):
    number: int
    directory: str
    deprecated_in: str | None = None  # the Windows release from which the DIRID may no longer be used


_DEPRECATED = "Windows 11, version 24H2"

_LIST = [
    Dirid(-1, "an absolute path", _DEPRECATED),
    Dirid(1, "the folder the INF was installed from", _DEPRECATED),
    Dirid(10, "the Windows folder (%SystemRoot%)"),
    Dirid(11, "the system folder (%SystemRoot%\\system32)"),
    Dirid(12, "the drivers folder (%SystemRoot%\\system32\\drivers)"),
    Dirid(13, "the driver package's folder in the driver store"),
    Dirid(17, "the INF folder", _DEPRECATED),
    Dirid(18, "the Help folder", _DEPRECATED),
    Dirid(20, "the Fonts folder", _DEPRECATED),
    Dirid(21, "the viewers folder", _DEPRECATED),
    Dirid(23, "the color profiles folder"),
    Dirid(24, "the root of the system disk", _DEPRECATED),
    Dirid(25, "the shared folder", _DEPRECATED),
    Dirid(30, "the root of the boot disk", _DEPRECATED),
    Dirid(50, "%SystemRoot%\\system", _DEPRECATED),
    Dirid(51, "the spool folder"),
    Dirid(52, "the spool drivers folder"),
    Dirid(53, "the user profile folder", _DEPRECATED),
    Dirid(54, "the folder of the boot loader", _DEPRECATED),
    Dirid(55, "the print processors folder"),
    Dirid(16406, "the All Users Start menu", _DEPRECATED),
    Dirid(16407, "the All Users Programs menu", _DEPRECATED),
    Dirid(16408, "the All Users Startup folder", _DEPRECATED),
    Dirid(16409, "the All Users desktop", _DEPRECATED),
    Dirid(16415, "the All Users Favorites", _DEPRECATED),
    Dirid(16419, "the All Users application data", _DEPRECATED),
    Dirid(16422, "Program Files"),
    Dirid(16425, "%SystemRoot%\\SysWOW64"),
    Dirid(16426, "Program Files (x86)"),
    Dirid(16427, "Program Files\\Common Files"),
    Dirid(16428, "Program Files (x86)\\Common Files"),
    Dirid(16429, "the All Users templates", _DEPRECATED),
    Dirid(16430, "the All Users documents", _DEPRECATED),
]

DIRIDS: dict[int, Dirid] = {dirid.number: dirid for dirid in _LIST}

# The driver store folder of the package, where an isolated driver keeps its files.
DRIVER_STORE_DIRID = 13


def is_user_dirid(number: int) -> bool:
    """Whether ``number`` is one an INF may define for itself."""
    return 32768 <= number <= 65534 or number >= 65536
