"""A legacy co-installer or resource section outside a device's install sections.

## What it does
Reports each `[*.CoInstallers]`, `[*.FactDef]` and `[*.LogConfigOverride]`
section header that does not belong to an install section a Models entry
selects: one of a `[DefaultInstall*]` section, or of a section no device
installs from. IV1300 reports those of a device's install sections.

## Why is this bad?
Co-installers run vendor code during installation, and factory-default and
override resource configurations belong to legacy, non-Plug and Play
hardware. A universal INF may not hold these sections wherever they stand.
InfVerif warns under `/k` and fails the package under `/u` and `/w`.

## Example
```inf
[DefaultInstall.NTamd64.CoInstallers]
AddReg = Contoso_CoInstaller_AddReg
```

## Use instead
```inf
; Move the co-installer's work into the driver or an app; drop the section.
```

## Source
InfVerif 1307; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
The split from IV1300 by where the section stands is infcheck's reading: Microsoft documents
both codes with the same message and different levels only.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._legacy import legacy_sections

CODE = "IV1307"
NAME = "legacy-section-outside-device-install"
SEVERITY = "warning"
INFVERIF = (1307,)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for section, kind in legacy_sections(ctx.index, in_device_install=False):
        yield ctx.report(
            section.name_span,
            f"[{section.name}] is a legacy {kind} section that a universal INF cannot hold; remove it",
        )
