"""A [Manufacturer] line names a Models section without an architecture.

## What it does
Reports each `[Manufacturer]` line that names its Models section with no
TargetOSVersion at all, and each TargetOSVersion on it that gives no
architecture (`NT`, `NT.10.0`): it points at the models name or at that
decoration.

## Why is this bad?
A Models section without `NT<arch>` serves x86 only, which is rarely what
is meant and hides which architectures the package supports. InfVerif warns
and asks for the decoration.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64, NTarm64
```

## Source
InfVerif 2010; learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV2010"
NAME = "missing-architecture-decoration"
SEVERITY = "warning"
INFVERIF = (2010,)
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for line in ctx.index.manufacturer_lines:
        base = line.models_base
        if base is None or line.models_value is None:
            continue
        if not line.decorations:
            yield ctx.report(
                line.models_value.span,
                f"Models section [{base}] has no architecture decoration and serves x86 only; "
                f"add NTamd64, NTarm64... (e.g. {base}, NTamd64)",
            )
            continue
        for decoration in line.decorations:
            if decoration.target.valid and decoration.target.architecture is None:
                yield ctx.report(
                    decoration.value.span,
                    f"'{decoration.target.text}' gives no architecture, so [{base}.{decoration.target.text}] "
                    f"serves x86 only; write NT<arch>, e.g. NTamd64",
                )
