"""Files are copied to a user-defined DIRID, which a driver installation never defines.

## What it does
Reports the DIRID of a `[DestinationDirs]` entry (a file list's own, or
`DefaultDestDir`) that some `CopyFiles` uses, when it is a user-defined DIRID:
32768 to 65534, or 65536 and up.

## Why is this bad?
A user-defined DIRID stands for whatever folder the installing application
assigned to it with `SetupSetDirectoryId` before processing the INF. Windows
installs a driver package by itself, with no such application, so nothing
assigns the DIRID and the files have no destination.

## Example
```inf
[DestinationDirs]
Contoso_Files = 32768
```

## Use instead
```inf
[DestinationDirs]
Contoso_Files = 13
```

## Source
InfVerif 1241; learn.microsoft.com/windows-hardware/drivers/install/using-dirids (user-defined DIRIDs),
learn.microsoft.com/windows/win32/api/setupapi/nf-setupapi-setupsetdirectoryidw.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Span
from infcheck.engine import DocumentContext
from infcheck.knowledge.dirids import is_user_dirid
from infcheck.package_model import Destination, package_model

CODE = "IV1241"
NAME = "user-dirid-destination"
SEVERITY = "error"
INFVERIF = (1241,)
# It needs [DestinationDirs] as well; the files are those CopyFiles copies.
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not ctx.index.document.has_section("destinationdirs"):
        return
    model = package_model(ctx.index)
    reported: set[int] = set()
    for copy in model.file_copies:
        destination = model.destination_for(copy.list_section)
        if destination is None or destination.dirid is None or id(destination.entry) in reported:
            continue
        if not is_user_dirid(destination.dirid):
            continue
        reported.add(id(destination.entry))
        yield ctx.report(
            _dirid_span(destination),
            f"DIRID {destination.dirid} is user-defined: only an installing application can assign it, and Windows "
            f"installs drivers without one, so '{copy.destination_name}' has no destination; use a system DIRID "
            "such as 13",
        )


def _dirid_span(destination: Destination) -> Span:
    value = destination.entry.value(0)
    return value.span if value is not None else destination.entry.span
