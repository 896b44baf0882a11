r"""An AddReg line gives a custom value type without the flag that marks one.

## What it does
Reports the flags field of an add-registry line whose high word names a
value type other than `REG_MULTI_SZ` (`0x0001`) or `REG_EXPAND_SZ`
(`0x0002`) while the low bit `FLG_ADDREG_BINVALUETYPE` (`0x1`) is clear.

## Why is this bad?
A value type Windows does not name in the flags (a custom type, or
`REG_DWORD` as `0x00010001`) is written as `(type << 16) | 0x1`. Without the
low bit Windows reads the high word as something else and writes a value of
the wrong type. InfVerif rejects the line.

## Example
```inf
[Contoso_AddReg]
HKR, , Size, 0x000B0000, 16
```

## Use instead
```inf
[Contoso_AddReg]
HKR, , Size, 0x000B0001, 16
```

## Source
InfVerif 1264; learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import FLG_ADDREG_BINVALUETYPE
from infcheck.package_model import package_model

CODE = "IV1264"
NAME = "custom-type-without-flag"
SEVERITY = "error"
INFVERIF = (1264,)
TRIGGERS = ("addreg",)

# High words that name a type by themselves: none (REG_SZ), REG_MULTI_SZ, REG_EXPAND_SZ.
_NAMED_TYPES = (0x0000, 0x0001, 0x0002)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        flags = operation.flags
        if operation.directive != "addreg" or flags is None or flags & FLG_ADDREG_BINVALUETYPE:
            continue
        high = flags >> 16
        if high not in _NAMED_TYPES:
            field = operation.entry.value(3)
            yield ctx.report(
                field.span if field is not None else operation.entry.span,
                f"flags 0x{flags:08X} give value type 0x{high:X} without FLG_ADDREG_BINVALUETYPE (0x1); "
                f"write 0x{flags | FLG_ADDREG_BINVALUETYPE:08X}",
            )
