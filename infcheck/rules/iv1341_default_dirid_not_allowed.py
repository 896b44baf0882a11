"""A DefaultDestDir the WHQL rules do not allow.

## What it does
Under the `whql` profile (InfVerif `/h`), reports `DefaultDestDir` in
`[DestinationDirs]` when a copied file list without its own entry (or a
`CopyFiles = @file`) goes there and its DIRID is neither 13 (the driver
store) nor one of the DIRIDs `/h` still allows (10, 11, 12, 23, 51, 52, 55,
16422, 16425-16428, 66000-66004). Under the other profiles IV1322 reports
the copy itself.

## Why is this bad?
The WHQL signature requires driver package isolation with a shrinking list of
exceptions: files go to the driver store, or for now to one of the listed
system folders. Any other default folder fails the submission for every file
list that relies on it.

## Example
```inf
[DestinationDirs]
DefaultDestDir = 24
```

## Use instead
```inf
[DestinationDirs]
DefaultDestDir = 13
```

## Source
InfVerif 1341; learn.microsoft.com/windows-hardware/drivers/devtest/infverif_h.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model
from infcheck.rules._isolation import copies_outside_driver_store

CODE = "IV1341"
NAME = "default-dirid-not-allowed"
# InfVerif reports it only under /w (an error there, as the profile sets); without a profile, a warning.
SEVERITY = "warning"
INFVERIF = (1341,)
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if ctx.profile != "whql":
        return  # without /h's exceptions, IV1322 reports the copy
    model = package_model(ctx.index)
    default = model.default_destination
    if default is None:
        return
    for item in copies_outside_driver_store(ctx.index, ctx.profile):
        listed = model.listed_destination(item.copy.list_section) if item.copy.list_section else None
        if listed is None:
            dirid = default.entry.value(0)
            yield ctx.report(
                dirid.span if dirid is not None else default.entry.span,
                f"DefaultDestDir {item.dirid} is not a destination the WHQL rules allow; set it to 13, "
                "the driver store",
            )
            return
