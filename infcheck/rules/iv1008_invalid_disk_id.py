"""A source file has no disk id, or one that is not a number.

## What it does
Reports each `[SourceDisksFiles]` or `[SourceDisksFiles.<arch>]` line whose
first value, the disk id, is empty or not a decimal number.

## Why is this bad?
The disk id tells Windows in which `[SourceDisksNames]` entry, and so in
which folder of the package, the file lies. Without a valid one the file
cannot be found.

## Example
```inf
[SourceDisksFiles]
contoso.sys
```

## Use instead
```inf
[SourceDisksFiles]
contoso.sys = 1
```

## Source
InfVerif 1008; learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksfiles-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1008"
NAME = "invalid-disk-id"
SEVERITY = "error"
INFVERIF = (1008,)
TRIGGERS = ("[sourcedisksfiles]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for item in package_model(ctx.index).source_disks_files:
        if item.disk_id.isdigit():
            continue
        value = item.entry.value(0)
        if item.disk_id:
            message = f"'{item.name}' has disk id '{item.disk_id}', which is not a number; use the id of its disk"
        else:
            message = f"'{item.name}' has no disk id; write {item.name} = <disk id from [SourceDisksNames]>"
        yield ctx.report(value.span if value is not None and not value.is_empty else item.entry.span, message)
