r"""A registry value holds the Windows folder written as DIRID 10.

## What it does
Reports a `%10%` token (the Windows folder) in the data of a string-typed
`AddReg` line. A literal `%%10%%` is not a DIRID and is left alone; other
system folders are IV1258's.

## Why is this bad?
Windows replaces `%10%` with the Windows folder's full path, drive letter
included, once, when the INF is processed. The stored path is then wrong
wherever Windows is not where it was at that moment (an image serviced
offline, a system disk mounted under another letter). `%SystemRoot%` written
into a REG_EXPAND_SZ value is expanded each time the value is read instead.

## Example
```inf
[Contoso_AddReg]
HKR,,HelperPath,0,"%10%\Contoso\helper.exe"
```

## Use instead
```inf
[Contoso_AddReg]
HKR,,HelperPath,0x00020000,"%%SystemRoot%%\Contoso\helper.exe"
```

## Source
InfVerif 1257; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings
(the message asks for another form "instead of Windows directory") and
learn.microsoft.com/windows-hardware/drivers/install/using-dirids (DIRID 10 is the Windows folder).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._registry_paths import dirids_in_registry_data

CODE = "IV1257"
NAME = "windows-folder-in-registry"
SEVERITY = "error"
INFVERIF = (1257,)
TRIGGERS = ("addreg",)

WINDOWS_FOLDER = 10


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for found in dirids_in_registry_data(ctx.index):
        if found.dirid == WINDOWS_FOLDER:
            yield ctx.report(
                found.span,
                "%10% is stored as a fixed path with a drive letter; write %%SystemRoot%% instead "
                "(in a REG_EXPAND_SZ value, flags 0x00020000)",
            )
