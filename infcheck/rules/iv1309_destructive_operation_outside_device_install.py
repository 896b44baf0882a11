"""A directive that deletes or renames, outside a device's install sections.

## What it does
Reports each value of a `DelFiles`, `DelProperty`, `DelReg`, `DelService`
or `RenFiles` directive in a section that installs but is not an install
section a Models entry selects, nor one of its siblings: `[DefaultInstall*]`,
`[ClassInstall32*]`, interface-install sections and the like. IV1302 reports
those of a device's install sections; removal sections (`[DefaultUninstall...]`
and a network component's `.Remove` sections) are left alone.

## Why is this bad?
A universal INF only adds: it installs the same way on every system and can
be applied to an offline image. Deleting or renaming files, registry values,
properties or services depends on what the system already holds and cannot
be undone. InfVerif warns under `/k` and fails the package under `/u` and
`/w`.

## Example
```inf
[DefaultInstall.NTamd64]
DelReg = Old_Values
```

## Use instead
```inf
[DefaultInstall.NTamd64]
AddReg = Current_Values  ; write every value the driver reads, with its default
```

## Source
InfVerif 1309; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
The split from IV1302 by where the directive stands is infcheck's reading: Microsoft documents
both codes with the same message and different levels only.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._legacy import DESTRUCTIVE_OPERATIONS, destructive_operation_findings

CODE = "IV1309"
NAME = "destructive-operation-outside-device-install"
SEVERITY = "warning"
INFVERIF = (1309,)
TRIGGERS = DESTRUCTIVE_OPERATIONS


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    return destructive_operation_findings(ctx, in_device_install=False)
