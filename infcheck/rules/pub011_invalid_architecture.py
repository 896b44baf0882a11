"""The INF targets the ia64 (Itanium) architecture.

## What it does
Reports `NTia64` TargetOSVersion decorations on `[Manufacturer]` lines and
section headers decorated with `.NTia64` (Models sections and the DDInstall
family).

## Why is this bad?
Windows 10 and later do not run on Itanium, and Partner Center treats ia64
as an invalid architecture: the submission is held for review or rejected.
Remove the ia64 parts of the package.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64, NTia64
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64, NTarm64
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Invalid architecture");
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "PUB011"
NAME = "invalid-architecture"
SEVERITY = "error"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for line in ctx.index.manufacturer_lines:
        for decoration in line.decorations:
            if decoration.target.architecture == "ia64":
                yield ctx.report(decoration.value.span, f"TargetOSVersion '{decoration.target.text}' targets ia64")
    for section in ctx.document.sections:
        key = section.key
        # The substring test first: splitting every section's name costs more than finding it in none.
        if "ntia64" in key and "ntia64" in key.split("."):
            yield ctx.report(section.name_span, f"section [{section.name}] is decorated for ia64")
