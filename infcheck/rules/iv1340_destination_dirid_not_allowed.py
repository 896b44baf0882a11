"""A file list copied to a DIRID the WHQL rules do not allow.

## What it does
Under the `whql` profile (InfVerif `/h`), reports each `[DestinationDirs]`
entry for a file list that is copied, when its DIRID is neither 13 (the
driver store) nor one of the DIRIDs `/h` still allows (10, 11, 12, 23, 51,
52, 55, 16422, 16425-16428, 66000-66004). `DefaultDestDir` is IV1341. Under
the other profiles IV1322 reports the copy itself.

## Why is this bad?
The WHQL signature requires driver package isolation with a shrinking list of
exceptions: files go to the driver store, or for now to one of the listed
system folders. Any other folder (a user's profile, the fonts folder, a
program folder...) fails the submission.

## Example
```inf
[DestinationDirs]
Contoso_Fonts = 20
```

## Use instead
```inf
[DestinationDirs]
Contoso_Fonts = 13
```

## Source
InfVerif 1340; learn.microsoft.com/windows-hardware/drivers/devtest/infverif_h.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model
from infcheck.rules._isolation import copies_outside_driver_store

CODE = "IV1340"
NAME = "destination-dirid-not-allowed"
# InfVerif reports it only under /w (an error there, as the profile sets); without a profile, a warning.
SEVERITY = "warning"
INFVERIF = (1340,)
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if ctx.profile != "whql":
        return  # without /h's exceptions, IV1322 reports the copy
    model = package_model(ctx.index)
    reported: set[int] = set()
    for item in copies_outside_driver_store(ctx.index, ctx.profile):
        if item.copy.list_section is None:
            continue
        destination = model.listed_destination(item.copy.list_section)
        if destination is None or destination.entry.start in reported:
            continue
        reported.add(destination.entry.start)
        dirid = destination.entry.value(0)
        yield ctx.report(
            dirid.span if dirid is not None else destination.entry.span,
            f"DIRID {item.dirid} is not a destination the WHQL rules allow for [{item.copy.list_section}]; "
            "copy the files to 13, the driver store",
        )
