"""The package changed since the --since revision, but its DriverVer did not increase.

## What it does
With `infcheck check --since REF`, compares the DriverVer of each INF of a
package folder in which a file changed since REF with the DriverVer the INF
had at REF, and reports when the version is not higher, or the date is
earlier. An INF that did not exist at REF is not judged.

## Why is this bad?
Windows keeps the installed driver unless the new one ranks better or has a
newer date or higher version: a rebuilt package with the old DriverVer is
not offered to systems that have the old one, and Partner Center rejects a
submission whose driver does not change version.

## Example
```inf
; at REF and now, although contoso.sys was rebuilt:
DriverVer = 03/01/2026,1.0.0.0
```

## Use instead
```inf
DriverVer = 03/20/2026,1.0.1.0
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-driverver-directive and
how-windows-selects-a-driver-for-a-device.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext

CODE = "REPO004"
NAME = "driver-ver-not-raised"
SEVERITY = "error"
SCOPE = "package"


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    previous = ctx.previous_facts
    current = ctx.facts.driver_ver
    if previous is None or previous.driver_ver is None or current is None:
        return
    before = previous.driver_ver
    if current.version > before.version and current.date >= before.date:
        return
    if current == before:
        problem = f"DriverVer is still {current}"
    elif current.version <= before.version:
        problem = f"DriverVer version {_version(current.version)} is not higher than {_version(before.version)} there"
    else:
        problem = f"DriverVer date {current.date:%m/%d/%Y} is earlier than {before.date:%m/%d/%Y} there"
    yield ctx.report(
        ctx.facts.driver_ver_span,
        f"the package changed since {ctx.since}, but {problem}; raise the version (and the date) so "
        "Windows takes the new driver",
    )


def _version(parts: tuple[int, ...]) -> str:
    return ".".join(map(str, parts))
