"""A legacy, non-declarative directive outside a device's install sections.

## What it does
Reports each `BitReg`, `Ini2Reg`, `LogConfig`, `ProfileItems`,
`RegisterDlls`, `UnregisterDlls`, `UpdateIniFields` and `UpdateInis`
directive in a section that installs but is not an install section a Models
entry selects, nor one of its siblings: `[DefaultInstall*]`,
`[ClassInstall32*]`, interface-install sections and the like. IV1301 reports
those of a device's install sections.

## Why is this bad?
These directives edit INI files, Start menu items and registry bits, run a
DLL's registration code or set hardware resources: work that depends on the
running system and that Windows cannot undo or apply offline. A universal
INF may not use them. InfVerif warns under `/k` and fails the package under
`/u` and `/w`.

## Example
```inf
[DefaultInstall.NTamd64]
RegisterDlls = Contoso_Register
```

## Use instead
```inf
[DefaultInstall.NTamd64]
AddReg = Contoso_Com_AddReg  ; the registry values the DLL would write (reg2inf prints them)
```

## Source
InfVerif 1308; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
The split from IV1301 by where the directive stands is infcheck's reading: Microsoft documents
both codes with the same message and different levels only.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._legacy import LEGACY_OPERATIONS, legacy_entries

CODE = "IV1308"
NAME = "legacy-operation-outside-device-install"
SEVERITY = "warning"
INFVERIF = (1308,)
TRIGGERS = LEGACY_OPERATIONS


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in legacy_entries(ctx.index, LEGACY_OPERATIONS, in_device_install=False):
        yield ctx.report(
            entry.key_span or entry.span,
            f"{entry.key} is a legacy operation that a universal INF cannot use; write the result with "
            "AddReg, or move the work out of the INF",
        )
