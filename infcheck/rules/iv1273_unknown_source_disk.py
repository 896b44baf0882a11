"""A source file names a disk that [SourceDisksNames] does not list.

## What it does
Reports the disk id of each `[SourceDisksFiles]` or
`[SourceDisksFiles.<arch>]` line when `[SourceDisksNames.<arch>]` and
`[SourceDisksNames]` have no entry for that id.

## Why is this bad?
Windows finds the folder of a source file through its disk; a disk it does
not know leaves the file without a location, and the copy fails.

## Example
```inf
[SourceDisksNames]
1 = %Disk%
[SourceDisksFiles]
contoso.sys = 2
```

## Use instead
```inf
[SourceDisksNames]
1 = %Disk%
[SourceDisksFiles]
contoso.sys = 1
```

## Source
InfVerif 1273; learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksnames-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1273"
NAME = "unknown-source-disk"
SEVERITY = "error"
INFVERIF = (1273,)
TRIGGERS = ("[sourcedisksfiles]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    for item in model.source_disks_files:
        if not item.disk_id.isdigit() or model.source_disk(item.disk_id, item.architecture) is not None:
            continue  # IV1008 reports a missing or malformed disk id
        value = item.entry.value(0)
        names = (
            f"[SourceDisksNames.{item.architecture}] or [SourceDisksNames]"
            if item.architecture
            else ("[SourceDisksNames]")
        )
        yield ctx.report(
            value.span if value is not None else item.entry.span,
            f"'{item.name}' is on disk {item.disk_id}, which {names} does not list; add the disk or fix the id",
        )
