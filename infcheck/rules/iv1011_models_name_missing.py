r"""A [Manufacturer] line names no Models section.

## What it does
Reports a `[Manufacturer]` entry written as `%Mfg% = ...` whose Models
section name, the first field after the `=`, is empty.

## Why is this bad?
Windows looks for the manufacturer's devices in the Models section the line
names. With no name it finds none, and InfVerif rejects the line.

## Example
```inf
[Manufacturer]
%Contoso% = , NTamd64
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64
```

## Source
InfVerif 1011; learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1011"
NAME = "models-name-missing"
SEVERITY = "error"
INFVERIF = (1011,)
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for line in ctx.index.manufacturer_lines:
        entry = line.entry
        if entry.key is None or line.models_base is not None:
            continue
        value = line.models_value
        yield ctx.report(
            value.span if value is not None else entry.span,
            f"manufacturer {entry.key.strip()} names no Models section; write the section's name after the '='",
        )
