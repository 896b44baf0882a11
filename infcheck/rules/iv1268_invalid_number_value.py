r"""A REG_DWORD or REG_QWORD value is not a number that fits.

## What it does
Reports the data field of an add-registry line of type `REG_DWORD`
(`0x00010001`) or `REG_QWORD` (`0x000B0001`) that holds one field which is
not a decimal or `0x` hexadecimal number of at most 32 or 64 bits. Data
given as several byte fields is left alone.

## Why is this bad?
Windows cannot turn the text into the number the value holds; it writes
nothing or a value the driver does not expect. InfVerif rejects the line.

## Example
```inf
[Contoso_AddReg]
HKR, Parameters, Timeout, 0x00010001, 10s
```

## Use instead
```inf
[Contoso_AddReg]
HKR, Parameters, Timeout, 0x00010001, 10
```

## Source
InfVerif 1268; learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import FLG_ADDREG_TYPE_DWORD, FLG_ADDREG_TYPE_QWORD, REG_TYPE_MASK
from infcheck.package_model import package_model, parse_number

CODE = "IV1268"
NAME = "invalid-number-value"
SEVERITY = "error"
INFVERIF = (1268,)
TRIGGERS = ("addreg",)

_BITS = {FLG_ADDREG_TYPE_DWORD: 32, FLG_ADDREG_TYPE_QWORD: 64}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        flags = operation.flags
        if operation.directive != "addreg" or flags is None:
            continue
        bits = _BITS.get(flags & REG_TYPE_MASK)
        if bits is None or len(operation.values) != 1:
            continue
        [value] = operation.values
        text = value.resolved.strip().strip('"')
        if not text or "%" in text:
            continue
        number = parse_number(text)
        if number is None or number >= 1 << bits:
            yield ctx.report(
                value.span,
                f"'{text}' is not a {bits}-bit number; write it in decimal (10) or hexadecimal (0x0A)",
            )
