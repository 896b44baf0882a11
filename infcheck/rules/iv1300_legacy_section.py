"""An install section of a kind Windows no longer signs.

## What it does
Reports each `[*.CoInstallers]`, `[*.FactDef]` and `[*.LogConfigOverride]`
section header that belongs to an install section a Models entry selects
(IV1307 reports the others).

## Why is this bad?
Co-installers run vendor code during installation, and factory-default and
override resource configurations belong to legacy, non-Plug and Play
hardware. A universal INF may not hold these sections, and Hardware Dev
Center no longer signs packages that do (co-installers since January 2023,
the other two since Windows 11 version 22H2).

## Example
```inf
[Contoso_Install.NT.CoInstallers]
AddReg = Contoso_CoInstaller_AddReg
```

## Use instead
```inf
; Move the co-installer's work into a component INF or an app the device
; pulls in through [Contoso_Install.NT.Software]; drop the section.
```

## Source
InfVerif 1300; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file,
learn.microsoft.com/windows-hardware/drivers/develop/removing-coinstallers.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._legacy import legacy_sections

CODE = "IV1300"
NAME = "legacy-section"
SEVERITY = "error"
INFVERIF = (1300,)
# A device's install sections come from the Models sections [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for section, kind in legacy_sections(ctx.index, in_device_install=True):
        yield ctx.report(
            section.name_span,
            f"[{section.name}] is a legacy {kind} section that a universal INF cannot hold and Hardware Dev "
            "Center no longer signs; remove it",
        )
