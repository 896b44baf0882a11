r"""A registry line starts with a root Windows does not know.

## What it does
Reports the first field of each line of a section an `AddReg` or `DelReg`
directive names when it is not `HKR`, `HKLM`, `HKCU`, `HKCR` or `HKU` after
string substitution (case does not matter).

## Why is this bad?
Windows reads only those abbreviations; a full key name such as
`HKEY_LOCAL_MACHINE`, a typo or an empty root makes it skip the line, so the
value is never written. InfVerif rejects it.

## Example
```inf
[Contoso_AddReg]
HKEY_LOCAL_MACHINE, Software\Contoso, Mode, 0x00010001, 1
```

## Use instead
```inf
[Contoso_AddReg]
HKR, Parameters, Mode, 0x00010001, 1
```

## Source
InfVerif 1224; learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive,
inf-delreg-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.registry import REGISTRY_ROOTS
from infcheck.package_model import package_model

CODE = "IV1224"
NAME = "invalid-registry-root"
SEVERITY = "error"
INFVERIF = (1224,)
# The registry operations are the lines of the sections AddReg and DelReg name.
TRIGGERS = ("addreg", "delreg")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        root = operation.root.strip('"')
        if root in REGISTRY_ROOTS:
            continue
        field = operation.entry.value(0)
        yield ctx.report(
            field.span if field is not None else operation.entry.span,
            f"registry root '{root}' is not one Windows reads; use HKR (the key the section installs for), "
            "HKLM, HKCU, HKCR or HKU",
        )
