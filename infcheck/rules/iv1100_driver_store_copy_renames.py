"""A copy to the driver store (DIRID 13) renames or moves the file.

## What it does
Reports a file-list line copied to DIRID 13 whose destination name differs
from its source name, or whose `[DestinationDirs]` subdirectory differs from
the folder the file comes from in the package (the path of its disk in
`[SourceDisksNames]` followed by its own subdirectory in
`[SourceDisksFiles]`).

## Why is this bad?
DIRID 13 is the package's own folder in the driver store: Windows runs files
from where the package holds them and never copies them. A different name or
folder names a file that is not there.

## Example
```inf
[Drivers]
contoso.sys, contoso_amd64.sys
[DestinationDirs]
Drivers = 13
```

## Use instead
```inf
[Drivers]
contoso.sys
[DestinationDirs]
Drivers = 13
```

## Source
InfVerif 1100; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import FileCopy, PackageModel, package_model

CODE = "IV1100"
NAME = "driver-store-copy-renames"
SEVERITY = "error"
INFVERIF = (1100,)
# The copied files are those CopyFiles names.
TRIGGERS = ("copyfiles",)

DRIVER_STORE = 13


def _folder(*parts: str) -> str:
    return "\\".join(part.strip("\\") for part in parts if part.strip("\\")).lower()


def _package_folder(model: PackageModel, copy: FileCopy) -> str | None:
    """The folder the file lies in within the package, for the first architecture it is found for."""
    for architecture in sorted(model.architectures_of_section(copy.install_section)) or [None]:
        source = model.source_file(copy.source_name, architecture or None)
        if source is None:
            continue
        disk = model.source_disk(source.disk_id, source.architecture or architecture or None)
        return _folder(disk.path if disk is not None else "", source.subdirectory)
    return None


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    reported: set[int] = set()
    for copy in model.file_copies:
        destination = model.destination_for(copy.list_section)
        if destination is None or destination.dirid != DRIVER_STORE or copy.value.start in reported:
            continue
        if copy.destination_name.lower() != copy.source_name.lower():
            reported.add(copy.value.start)
            yield ctx.report(
                copy.value.span,
                f"'{copy.source_name}' is copied to DIRID 13 as '{copy.destination_name}'; the driver store "
                "keeps the package's names, so use one name",
            )
            continue
        folder = _package_folder(model, copy)
        if folder is not None and folder != _folder(destination.subdirectory):
            reported.add(copy.value.start)
            shown = destination.subdirectory or "(none)"
            yield ctx.report(
                copy.value.span,
                f"'{copy.source_name}' lies in '{folder or '(package root)'}' of the package but is copied to "
                f"DIRID 13 subdirectory '{shown}'; make the [DestinationDirs] subdirectory match",
            )
