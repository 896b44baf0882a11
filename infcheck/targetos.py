"""TargetOSVersion decorations such as ``NTamd64.10.0...22000``.

Grammar (Windows 10 1607 and later)::

    NT[Architecture][.[OSMajorVersion][.[OSMinorVersion][.[ProductType][.[SuiteMask][.[BuildNumber]]]]]]

Empty fields are written as consecutive dots. A build number is only
understood from build 14310 on, and only by Windows 10.0 and later.
Source: learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section
and .../combining-platform-extensions-with-operating-system-versions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

ARCHITECTURES = ("x86", "amd64", "arm", "arm64", "ia64")
STAMPINF_ARCHITECTURE = "$arch$"
MIN_BUILD_NUMBER = 14310

_DECORATION = re.compile(
    r"""^nt
        (?P<arch>arm64|amd64|ia64|x86|arm|\$arch\$)?
        (?:\.(?P<major>\d*)
          (?:\.(?P<minor>\d*)
            (?:\.(?P<product>(?:0x[0-9a-f]+|\d+)?)
              (?:\.(?P<suite>(?:0x[0-9a-f]+|\d+)?)
                (?:\.(?P<build>\d*))?
              )?
            )?
          )?
        )?$""",
    re.IGNORECASE | re.VERBOSE,
)


class TargetOS(NamedTuple):
    """A parsed TargetOSVersion; ``problem`` says why it is invalid, ``None`` when it is fine."""

    text: str
    architecture: str | None = None
    major: int | None = None
    minor: int | None = None
    product_type: int | None = None
    suite_mask: int | None = None
    build: int | None = None
    problem: str | None = None

    @property
    def valid(self) -> bool:
        return self.problem is None

    @property
    def platform_extension(self) -> str:
        """The DDInstall platform extension this decoration selects, e.g. ``ntamd64``.

        An undecorated ``NT`` (or no architecture) means x86 since Windows Server 2003 SP1.
        """
        return "nt" + (self.architecture or "x86")


def _number(text: str | None) -> int | None:
    if not text:
        return None
    return int(text, 16) if text.lower().startswith("0x") else int(text)


@lru_cache(maxsize=1024)
def parse_target_os(text: str) -> TargetOS:
    """Parse one decoration; never raises.

    Remembered per text: a corpus writes the same few decorations over and over, and the
    result is an immutable tuple, so sharing it between documents is safe."""
    written = text.strip()
    match = _DECORATION.match(written)
    if match is None:
        return TargetOS(written, problem=_why_malformed(written))
    arch = match.group("arch")
    target = TargetOS(
        written,
        architecture=arch.lower() if arch else None,
        major=_number(match.group("major")),
        minor=_number(match.group("minor")),
        product_type=_number(match.group("product")),
        suite_mask=_number(match.group("suite")),
        build=_number(match.group("build")),
    )
    problem = _semantic_problem(target)
    return target._replace(problem=problem) if problem else target


def _why_malformed(text: str) -> str:
    if not text.lower().startswith("nt"):
        return "a TargetOSVersion starts with 'NT'"
    rest = text[2:].split(".", 1)[0]
    if rest and rest.lower() not in ARCHITECTURES and rest.lower() != STAMPINF_ARCHITECTURE:
        return f"'{rest}' is not an architecture (x86, amd64, arm, arm64, ia64, or stampinf's $ARCH$)"
    if text.count(".") > 5:
        return "a TargetOSVersion has at most six dot-separated fields"
    return "expected NT[Architecture][.Major[.Minor[.ProductType[.SuiteMask[.BuildNumber]]]]] with numeric fields"


def _semantic_problem(target: TargetOS) -> str | None:
    if target.product_type is not None and target.product_type not in (1, 2, 3):
        return f"ProductType must be 1 (workstation), 2 (domain controller) or 3 (server), not {target.product_type}"
    if target.build is not None:
        if target.build < MIN_BUILD_NUMBER:
            return f"a build number must be {MIN_BUILD_NUMBER} or greater (Windows 10 1607); {target.build} is too low"
        if target.major is None or (target.major, target.minor or 0) < (10, 0):
            return "a build number is only understood with OS version 10.0 or later"
    return None
