r"""A registry value holds a system folder written as a DIRID.

## What it does
Reports a `%11%`, `%12%`, `%16425%` (System32, its drivers folder, SysWOW64)
or `%17%`, `%18%`, `%20%`, `%50%` (INF, Help, Fonts, System) token in the
data of a string-typed `AddReg` line. A literal `%%12%%` is not a DIRID and
is left alone; `%10%`, the Windows folder itself, is IV1257's.

## Why is this bad?
Windows replaces the DIRID with a full path, drive letter included, once,
when the INF is processed. The stored path is then wrong wherever the system
folder is not where it was at that moment (an image serviced offline, a
system disk mounted under another letter). `%SystemRoot%` written into a
REG_EXPAND_SZ value is expanded each time the value is read instead.

## Example
```inf
[Contoso_EventLog_AddReg]
HKR,,EventMessageFile,0x00020000,"%12%\contoso.sys"
```

## Use instead
```inf
[Contoso_EventLog_AddReg]
HKR,,EventMessageFile,0x00020000,"%%SystemRoot%%\System32\drivers\contoso.sys"
```

## Source
InfVerif 1258; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings,
with InfVerif's own wording quoted in MicrosoftDocs/windows-driver-docs issue 3398
("File path "%12%" in registry may be incorrect in some contexts, use %%SystemRoot%% instead").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._registry_paths import dirids_in_registry_data

CODE = "IV1258"
NAME = "dirid-path-in-registry"
SEVERITY = "error"
INFVERIF = (1258,)
TRIGGERS = ("addreg",)

# System DIRIDs under the Windows folder -> the same folder written from %SystemRoot% (using-dirids).
UNDER_SYSTEM_ROOT: dict[int, str] = {
    11: "System32",
    12: "System32\\drivers",
    16425: "SysWOW64",
    17: "INF",
    18: "Help",
    20: "Fonts",
    50: "System",
}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for found in dirids_in_registry_data(ctx.index):
        folder = UNDER_SYSTEM_ROOT.get(found.dirid)
        if folder is None:
            continue
        yield ctx.report(
            found.span,
            f"%{found.dirid}% is stored as a fixed path with a drive letter; write "
            f"%%SystemRoot%%\\{folder} instead (in a REG_EXPAND_SZ value, flags 0x00020000)",
        )
