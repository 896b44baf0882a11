"""The ``DriverVer = mm/dd/yyyy,w.x.y.z`` directive.

Month and day have two digits, the year four; ``-`` may replace ``/``. Each
version part is an integer from 0 to 65535, and ``0.0.0.0`` is not a version.
Source: learn.microsoft.com/windows-hardware/drivers/install/inf-driverver-directive.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from infcheck.patterns import LazyPattern

_STRICT_DATE = re.compile(r"^(\d{2})([/-])(\d{2})\2(\d{4})$")
_LENIENT_DATE = LazyPattern(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")
_VERSION = re.compile(r"^(\d{1,5})\.(\d{1,5})\.(\d{1,5})\.(\d{1,5})$")
MAX_VERSION_PART = 65535


class DriverVerError(ValueError):
    """A DriverVer value that Windows would not read as intended."""


class DriverVer(NamedTuple):
    """A driver's date and version; orders as PnP breaks ties (newer date, then higher version)."""

    date: datetime.date
    version: tuple[int, int, int, int]

    def __str__(self) -> str:
        return f"{self.date:%m/%d/%Y},{'.'.join(map(str, self.version))}"


def parse_date(text: str, strict: bool = True) -> datetime.date:
    """Parse the date part; ``strict`` insists on two-digit months and days as INF files must."""
    match = (_STRICT_DATE if strict else _LENIENT_DATE).match(text.strip())
    if match is None:
        raise DriverVerError(f"date '{text.strip()}' is not written mm/dd/yyyy")
    month, _, day, year = match.groups()
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError as error:
        raise DriverVerError(f"date '{text.strip()}' does not exist ({error})") from None


def parse_version(text: str) -> tuple[int, int, int, int]:
    written = text.strip()
    match = _VERSION.match(written)
    if match is None:
        raise DriverVerError(f"version '{written}' is not written w.x.y.z with four numbers")
    parts = tuple(int(part) for part in match.groups())
    too_big = [part for part in parts if part > MAX_VERSION_PART]
    if too_big:
        raise DriverVerError(f"version '{written}' has a part above {MAX_VERSION_PART}")
    if not any(parts):
        raise DriverVerError("version 0.0.0.0 is not a valid driver version")
    return parts  # type: ignore[return-value]


def parse_driver_ver(text: str, strict: bool = True) -> DriverVer:
    """Parse ``mm/dd/yyyy,w.x.y.z``; raises :class:`DriverVerError` with a readable reason.

    With ``strict=False`` one-digit months and days are accepted, as people
    write them in prose and in scenario files (``3/1/2015,1.0.0.0``).
    """
    date_text, comma, version_text = text.partition(",")
    if not comma:
        raise DriverVerError(f"'{text.strip()}' has no version; expected mm/dd/yyyy,w.x.y.z")
    return DriverVer(parse_date(date_text, strict), parse_version(version_text))
