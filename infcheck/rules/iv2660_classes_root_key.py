r"""An add-registry line that writes below HKCR.

## What it does
Reports each line of an add-registry section whose root is `HKCR`. Under the
`whql` profile it passes, as InfVerif's `/h` mode still allows `HKCR`.

## Why is this bad?
`HKCR` (the merged view of the COM class and file association keys) is global
state shared with every application. An isolated driver package registers its
COM servers with a `[DDInstall.COM]` section (Windows 11 version 24H2 and later)
or keeps its settings under `HKR`. Windows Drivers (InfVerif `/w`) must be
isolated.

## Example
```inf
[Contoso_AddReg]
HKCR,CLSID\{6A2D0F3B-35B1-4C63-9B0E-0C6C3C8B1A11}\InprocServer32,,0x00020000,%13%\contoso_mft.dll
```

## Use instead
```inf
[Contoso_Install.NT.COM]
AddComServer = ContosoMft,, Contoso_ComServer
```

## Source
InfVerif 2660; learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation,
learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-com-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._isolation import global_registry_writes, key_path, root_span, whql_allows_root

CODE = "IV2660"
NAME = "classes-root-key"
# InfVerif reports it only under /w (an error there, as the profile sets); without a profile, a warning.
SEVERITY = "warning"
INFVERIF = (2660,)
# The global registry writes are the lines of the sections AddReg names.
TRIGGERS = ("addreg",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in global_registry_writes(ctx.index):
        if operation.root != "HKCR" or whql_allows_root(operation.root, ctx.profile):
            continue
        yield ctx.report(
            root_span(operation),
            f"AddReg modifies {key_path(operation)}, which an isolated package may not do; register COM "
            "servers in a [DDInstall.COM] section, or keep the setting under HKR",
        )
