r"""An INF installs from an undecorated [DefaultInstall] section, which a primitive driver cannot use.

## What it does
Reports, once per file, the first `[DefaultInstall]` or
`[DefaultInstall.NT]` section (without an architecture). IV1421 reports
each such section; this finding says what it means for the whole INF.

## Why is this bad?
Windows installs an INF without devices as a primitive driver only from
architecture-decorated `[DefaultInstall.NT<arch>]` sections. An INF built
around an undecorated `[DefaultInstall]` is processed the old way, through
a command that runs it, which driver packages may no longer rely on.
InfVerif rejects the INF.

## Example
```inf
[DefaultInstall]
CopyFiles = Contoso_Files
```

## Use instead
```inf
[DefaultInstall.NTamd64]
CopyFiles = Contoso_Files
```

## Source
InfVerif 1420; learn.microsoft.com/windows-hardware/drivers/develop/creating-a-primitive-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1420"
NAME = "default-install-not-primitive"
SEVERITY = "error"
INFVERIF = (1420,)
TRIGGERS = ("[defaultinstall]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for primitive in package_model(ctx.index).primitive_sections:
        if not primitive.uninstall and primitive.decoration in ("", ".nt"):
            section = primitive.section
            yield ctx.report(
                section.name_span,
                f"this INF installs from [{section.name}], so Windows cannot install it as a primitive driver; "
                f"use [{section.name.split('.')[0]}.NT<arch>] sections, such as [DefaultInstall.NTamd64]",
            )
            return
