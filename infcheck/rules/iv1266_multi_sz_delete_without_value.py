"""A delete-registry line that removes a string from a multi-string value without naming it.

## What it does
Reports each line of a delete-registry section whose flags are
`FLG_DELREG_MULTI_SZ_DELSTRING` (`0x00018002`) and that gives no string to
delete after the flags.

## Why is this bad?
With these flags Windows deletes, from the REG_MULTI_SZ value the line names,
every string equal to the line's last field. Without that field there is
nothing to match, so Windows skips the line and the string the author meant
to remove stays.

## Example
```inf
[Contoso_DelReg]
HKR,,UpperFilters,0x00018002
```

## Use instead
```inf
[Contoso_DelReg]
HKR,,UpperFilters,0x00018002,ContosoFilter
```

## Source
InfVerif 1266; learn.microsoft.com/windows-hardware/drivers/install/inf-delreg-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1266"
NAME = "multi-sz-delete-without-value"
SEVERITY = "error"
INFVERIF = (1266,)
TRIGGERS = ("delreg",)

# FLG_DELREG_MULTI_SZ_DELSTRING: FLG_ADDREG_TYPE_MULTI_SZ | FLG_DELREG_OPERATION_MASK (0x00000002).
_MULTI_SZ_DELSTRING = 0x00018002


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        if operation.directive != "delreg" or operation.flags != _MULTI_SZ_DELSTRING:
            continue
        if any(value.resolved.strip() for value in operation.values):
            continue
        flags = operation.entry.value(3)
        yield ctx.report(
            flags.span if flags is not None else operation.entry.span,
            f"this line deletes a string from the multi-string value '{operation.value_name}' but names no "
            "string; add the string to delete after the flags",
        )
