"""A directive that performs a legacy, non-declarative operation.

## What it does
Reports each `BitReg`, `Ini2Reg`, `LogConfig`, `ProfileItems`,
`RegisterDlls`, `UnregisterDlls`, `UpdateIniFields` and `UpdateInis`
directive in an install section a Models entry selects or one of its
siblings (IV1308 reports the others).

## Why is this bad?
These directives edit INI files, Start menu items and registry bits, run a
DLL's registration code or set hardware resources: work that depends on
the running system and that Windows cannot undo or apply offline. A
universal INF may not use them, and Hardware Dev Center no longer signs
packages that do.

## Example
```inf
[Contoso_Install.NT]
RegisterDlls = Contoso_Register
```

## Use instead
```inf
[Contoso_Install.NT]
AddReg = Contoso_Com_AddReg  ; the registry values the DLL would write (reg2inf prints them)
```

## Source
InfVerif 1301; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._legacy import LEGACY_OPERATIONS, legacy_entries

CODE = "IV1301"
NAME = "legacy-operation"
SEVERITY = "error"
INFVERIF = (1301,)
TRIGGERS = LEGACY_OPERATIONS


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in legacy_entries(ctx.index, LEGACY_OPERATIONS, in_device_install=True):
        span = entry.key_span or entry.span
        yield ctx.report(
            span,
            f"{entry.key} is a legacy operation that a universal INF cannot use and Hardware Dev Center no "
            "longer signs; write the result with AddReg, or move the work out of the INF",
        )
