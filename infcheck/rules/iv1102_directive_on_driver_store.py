r"""DelFiles or RenFiles works on files in the driver store.

## What it does
Reports each value of a `DelFiles` or `RenFiles` directive that names a
file-list section whose destination is DIRID 13, the driver store.

## Why is this bad?
The driver store holds the package exactly as it was signed and installed.
Windows does not let an INF delete or rename files there, and InfVerif
rejects the directive.

## Example
```inf
[Contoso_Install.NT]
CopyFiles = Contoso_Files
DelFiles  = Contoso_Files

[DestinationDirs]
Contoso_Files = 13
```

## Use instead
```inf
[Contoso_Install.NT]
CopyFiles = Contoso_Files

[DestinationDirs]
Contoso_Files = 13
```

## Source
InfVerif 1102; learn.microsoft.com/windows-hardware/drivers/develop/run-from-driver-store,
inf-delfiles-directive, inf-renfiles-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.dirids import DRIVER_STORE_DIRID
from infcheck.package_model import package_model

CODE = "IV1102"
NAME = "directive-on-driver-store"
SEVERITY = "error"
INFVERIF = (1102,)
TRIGGERS = ("delfiles", "renfiles")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    for directive in ("delfiles", "renfiles"):
        for entry in ctx.index.directive(directive):
            for value in entry.values:
                name = value.resolved.strip()
                destination = model.destination_for(name) if name else None
                if destination is not None and destination.dirid == DRIVER_STORE_DIRID:
                    yield ctx.report(
                        value.span,
                        f"{entry.key} cannot change files in the driver store (DIRID 13), where [{name}] goes; "
                        "remove the directive",
                    )
