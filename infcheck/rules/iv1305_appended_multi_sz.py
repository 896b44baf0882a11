"""An AddReg line appends to a multi-string value.

## What it does
Reports each line of an add-registry section whose flags carry
FLG_ADDREG_APPEND (0x8).

## Why is this bad?
Appending changes a value other software may also own, and Windows cannot
undo it when the driver is removed, so the system keeps the driver's trace.
A universal INF writes whole values it owns instead. InfVerif warns without
a mode and rejects the line under `/u` and `/w`.

## Example
```inf
[Filter_AddReg]
HKR,,UpperFilters,0x00010008,ContosoFilter
```

## Use instead
```inf
[Filter_AddReg]
HKR,,ContosoSetting,0x00010000,ContosoFilter
```

## Source
InfVerif 1305; learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import FLG_ADDREG_APPEND, package_model

CODE = "IV1305"
NAME = "appended-multi-sz"
SEVERITY = "error"
INFVERIF = (1305,)
TRIGGERS = ("addreg",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        if operation.directive == "addreg" and operation.flags is not None and operation.flags & FLG_ADDREG_APPEND:
            flags = operation.entry.value(3)
            yield ctx.report(
                flags.span if flags is not None else operation.entry.span,
                f"this line appends to '{operation.value_name or '(default)'}' (flag 0x8), which Windows cannot "
                "undo; write a value the driver owns instead",
            )
