"""An AddReg line appends to a value that is not a multi-string.

## What it does
Reports each line of an add-registry section whose flags carry
FLG_ADDREG_APPEND (0x8) while its type is not REG_MULTI_SZ (0x00010000).

## Why is this bad?
Windows can append only to a list of strings; with another type the append
flag is an error that leaves the value unchanged or wrong. InfVerif rejects
the line.

## Example
```inf
[Device_AddReg]
HKR,,Mode,0x00000008,"fast"
```

## Use instead
```inf
[Device_AddReg]
HKR,,Mode,0x00000000,"fast"
```

## Source
InfVerif 1265; learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import FLG_ADDREG_APPEND, package_model

CODE = "IV1265"
NAME = "append-to-non-multi-sz"
SEVERITY = "error"
INFVERIF = (1265,)
TRIGGERS = ("addreg",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        flags = operation.flags
        if operation.directive != "addreg" or flags is None or not flags & FLG_ADDREG_APPEND:
            continue
        if not operation.is_multi_sz:
            field = operation.entry.value(3)
            yield ctx.report(
                field.span if field is not None else operation.entry.span,
                f"flags 0x{flags:08X} append (0x8) to a value that is not REG_MULTI_SZ (0x00010000); "
                "drop the append flag or make it a multi-string",
            )
