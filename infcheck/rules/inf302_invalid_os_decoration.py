"""A TargetOSVersion on a [Manufacturer] line is malformed.

## What it does
Checks each TargetOSVersion decoration against
`NT[Architecture][.Major[.Minor[.ProductType[.SuiteMask[.BuildNumber]]]]]`:
the architecture must be x86, amd64, arm, arm64 (or ia64, or stampinf's
`$ARCH$`), the numeric fields numbers, ProductType 1 to 3, and a build number
at least 14310 and only with OS version 10.0 or later.

## Why is this bad?
Windows matches decorations to pick the Models section for the running OS. A
malformed one never matches, so the device has no driver on the systems the
author targeted; older Windows versions cannot read a build number below 14310
at all. InfVerif reports errors 1287 and 1288.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NTx64.10.0...1000
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64.10.0...17763
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section,
.../combining-platform-extensions-with-operating-system-versions; InfVerif 1287, 1288.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "INF302"
NAME = "invalid-os-decoration"
SEVERITY = "error"
INFVERIF = (1287, 1288)  # the InfVerif codes this rule mirrors
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for line in ctx.index.manufacturer_lines:
        for decoration in line.decorations:
            if decoration.target.problem:
                yield ctx.report(
                    decoration.value.span,
                    f"invalid TargetOSVersion '{decoration.target.text}': {decoration.target.problem}",
                )
