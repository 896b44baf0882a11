"""DriverVer is missing or not written mm/dd/yyyy,w.x.y.z.

## What it does
Checks every `DriverVer` directive: the date must be `mm/dd/yyyy` (or with
`-`), a real calendar date, and the version four numbers from 0 to 65535 that
are not all zero. Also reports a device INF whose `[Version]` has no
`DriverVer`. Files that stampinf still has to process (`.inx` files and INFs
holding `$ARCH$`) may leave `DriverVer` out or empty, since stampinf writes it.

## Why is this bad?
PnP breaks ties between equally ranked drivers by DriverVer date and then
version, and Windows Update compares them to decide what to offer. An invalid
date is read as 00/00/0000, so the driver loses every tie; InfVerif reports
errors 1217 and 1218.

## Example
```inf
[Version]
DriverVer = 2026-06-01,1.0
```

## Use instead
```inf
[Version]
DriverVer = 06/01/2026,1.0.0.0
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-driverver-directive;
InfVerif 1217, 1218.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Entry
from infcheck.driverver import DriverVerError, parse_date, parse_version
from infcheck.engine import DocumentContext

CODE = "INF103"
NAME = "invalid-driver-ver"
SEVERITY = "error"
INFVERIF = (1217, 1218)  # the InfVerif codes this rule mirrors
TRIGGERS = ("[version]", "driverver")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    index = ctx.index
    stamped_later = index.is_stampinf_source
    for entry in index.directive("driverver"):
        yield from _check_directive(ctx, entry, stamped_later)
    version = index.version
    if version.sections and version.get("driverver") is None and index.is_device_inf and not stamped_later:
        yield ctx.report(
            version.sections[0].header_span,
            "this device INF has no DriverVer in [Version]; write DriverVer = mm/dd/yyyy,w.x.y.z",
        )


def _check_directive(ctx: DocumentContext, entry: Entry, stamped_later: bool) -> Iterator[Diagnostic]:
    values = entry.values
    date = values[0]
    if date.is_empty:
        if len(values) > 1 and not all(value.is_empty for value in values):
            yield ctx.report(entry.span, "DriverVer has no date; write DriverVer = mm/dd/yyyy,w.x.y.z")
        elif not stamped_later:
            yield ctx.report(entry.span, "DriverVer is empty; write DriverVer = mm/dd/yyyy,w.x.y.z")
        return
    date_problem = None
    try:
        parse_date(date.resolved)
    except DriverVerError as error:
        date_problem = f"DriverVer {error}"
    if len(values) < 2 or values[1].is_empty:
        # One finding for the one span, saying everything wrong with it.
        problem = f"{date_problem}, and there is no version" if date_problem else "DriverVer has no version"
        yield ctx.report(date.span, f"{problem}; write DriverVer = mm/dd/yyyy,w.x.y.z")
        return
    if date_problem:
        yield ctx.report(date.span, date_problem)
    version = values[1]
    try:
        parse_version(version.resolved)
    except DriverVerError as error:
        yield ctx.report(version.span, f"DriverVer {error}")
    for extra in values[2:]:
        yield ctx.report(extra.span, "DriverVer takes a date and a version only")
