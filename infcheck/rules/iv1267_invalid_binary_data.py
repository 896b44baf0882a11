r"""A REG_BINARY value holds something other than bytes.

## What it does
Reports each data field of an add-registry line with flags type
`REG_BINARY` (`0x00000001`) that is not a hexadecimal byte, `00` to `FF`.

## Why is this bad?
Windows reads the data of a binary value as a list of hexadecimal bytes, one
per field. A field that is not one, such as `100` or `0x1234`, cannot be
written as a byte, and InfVerif rejects the line.

## Example
```inf
[Contoso_AddReg]
HKR, , Table, 0x00000001, 01, 02, 1FF
```

## Use instead
```inf
[Contoso_AddReg]
HKR, , Table, 0x00000001, 01, 02, 01, FF
```

## Source
InfVerif 1267; learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import FLG_ADDREG_TYPE_BINARY, REG_TYPE_MASK
from infcheck.package_model import package_model

CODE = "IV1267"
NAME = "invalid-binary-data"
SEVERITY = "error"
INFVERIF = (1267,)
TRIGGERS = ("addreg",)

_BYTE = re.compile(r"^(?:0[xX])?[0-9A-Fa-f]{1,2}$")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        flags = operation.flags
        if operation.directive != "addreg" or flags is None or flags & REG_TYPE_MASK != FLG_ADDREG_TYPE_BINARY:
            continue
        for value in operation.values:
            text = value.resolved.strip()
            if text and "%" not in text and not _BYTE.match(text):
                yield ctx.report(
                    value.span,
                    f"'{text}' is not a byte; write REG_BINARY data as hexadecimal bytes 00 to FF, one per field",
                )
