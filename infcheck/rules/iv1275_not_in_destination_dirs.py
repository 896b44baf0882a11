"""A copied file list has no destination.

## What it does
Reports each `CopyFiles` value naming a file-list section that has no entry
in `[DestinationDirs]`, when `[DestinationDirs]` has no `DefaultDestDir`
either; and each `CopyFiles = @file` in an INF without `DefaultDestDir`.

## Why is this bad?
Windows copies a file list to the directory `[DestinationDirs]` gives it,
falling back to `DefaultDestDir`. With neither, the destination depends on
old defaults and InfVerif rejects the INF.

## Example
```inf
[Install.NTamd64]
CopyFiles = Driver_Files
[DestinationDirs]
Other_Files = 13
```

## Use instead
```inf
[Install.NTamd64]
CopyFiles = Driver_Files
[DestinationDirs]
Driver_Files = 13
```

## Source
InfVerif 1275; learn.microsoft.com/windows-hardware/drivers/install/inf-destinationdirs-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1275"
NAME = "not-in-destination-dirs"
SEVERITY = "error"
INFVERIF = (1275,)
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    if model.default_destination is not None:
        return
    for _, value in model.copy_files_references:
        name = value.resolved.strip()
        if name.startswith("@"):
            yield ctx.report(
                value.span, f"file '{name[1:].strip()}' has no destination; add DefaultDestDir to [DestinationDirs]"
            )
        elif model.listed_destination(name) is None:
            yield ctx.report(
                value.span, f"'{name}' is not listed in [DestinationDirs]; add {name} = <dirid>[,subdir] there"
            )
