"""A directive that deletes or renames what Windows or another package owns.

## What it does
Reports each value of a `DelFiles`, `DelProperty`, `DelReg`, `DelService`
or `RenFiles` directive in an install section a Models entry selects or one
of its siblings (IV1309 reports the others). Removal sections
(`[DefaultUninstall...]` and a network component's `.Remove` sections) are
left alone: deleting is what they are for.

## Why is this bad?
A universal INF only adds: it installs the same way on every system and can
be applied to an offline image. Deleting or renaming files, registry values,
device properties or services depends on what the system already holds and
cannot be undone; InfVerif rejects these directives.

## Example
```inf
[Contoso_Install.NT.HW]
DelReg = Old_Values
```

## Use instead
```inf
[Contoso_Install.NT.HW]
AddReg = Current_Values  ; write every value the driver reads, with its default
```

## Source
InfVerif 1302; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._legacy import DESTRUCTIVE_OPERATIONS, destructive_operation_findings

CODE = "IV1302"
NAME = "destructive-operation"
SEVERITY = "error"
INFVERIF = (1302,)
TRIGGERS = DESTRUCTIVE_OPERATIONS


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    return destructive_operation_findings(ctx, in_device_install=True)
