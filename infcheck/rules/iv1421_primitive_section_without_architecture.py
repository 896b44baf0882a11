"""A [DefaultInstall] or [DefaultUninstall] section has no architecture decoration.

## What it does
Reports the headers `[DefaultInstall]`, `[DefaultInstall.NT]`,
`[DefaultUninstall]` and `[DefaultUninstall.NT]`. Their family sections
(`.Services`, `.HW`...) are left alone.

## Why is this bad?
Windows installs a primitive driver only from an architecture-decorated
section such as `[DefaultInstall.NTamd64]`; an undecorated one makes the INF
a legacy INF that the driver store does not take. InfVerif rejects it.

## Example
```inf
[DefaultInstall]
CopyFiles = Tool_Files
```

## Use instead
```inf
[DefaultInstall.NTamd64]
CopyFiles = Tool_Files
```

## Source
InfVerif 1421; learn.microsoft.com/windows-hardware/drivers/develop/creating-a-primitive-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1421"
NAME = "primitive-section-without-architecture"
SEVERITY = "error"
INFVERIF = (1421,)
TRIGGERS = ("[defaultinstall]", "[defaultuninstall]")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for primitive in package_model(ctx.index).primitive_sections:
        if primitive.decoration in ("", ".nt"):
            section = primitive.section
            yield ctx.report(
                section.name_span,
                f"[{section.name}] has no architecture; decorate it, e.g. [{section.name.split('.')[0]}.NTamd64]",
            )
