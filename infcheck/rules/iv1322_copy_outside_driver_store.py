r"""A file copied somewhere other than the driver store.

## What it does
Reports each file list (or `CopyFiles = @file`) whose destination in
`[DestinationDirs]` is a DIRID other than 13, once per file list, on its
header. Under the `whql` profile InfVerif's `/h` mode reports such copies as
IV1340 and IV1341 instead, with its exceptions.

## Why is this bad?
An isolated driver package runs from the driver store (DIRID 13), where
Windows keeps every version of the package apart and can roll one back.
Files copied into `System32` and the like are shared with other software,
can be overwritten by another package, and stay behind when the package is
removed. Windows Drivers (InfVerif `/w`) must be isolated.

## Example
```inf
[DestinationDirs]
Contoso_Files = 12

[Contoso_Files]
contoso.sys
```

## Use instead
```inf
[DestinationDirs]
Contoso_Files = 13   ; and ServiceBinary = %13%\contoso.sys

[Contoso_Files]
contoso.sys
```

## Source
InfVerif 1322; learn.microsoft.com/windows-hardware/drivers/develop/run-from-driver-store,
learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._isolation import copies_outside_driver_store

CODE = "IV1322"
NAME = "copy-outside-driver-store"
# InfVerif reports it only under /w (an error there, as the profile sets); without a profile, a warning.
SEVERITY = "warning"
INFVERIF = (1322,)
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if ctx.profile == "whql":
        return  # /h names the DIRID instead (IV1340, IV1341)
    copies = copies_outside_driver_store(ctx.index, ctx.profile)
    by_list: dict[str, list[str]] = {}
    for item in copies:
        if item.copy.list_section is not None:
            by_list.setdefault(item.copy.list_section.lower(), []).append(item.copy.destination_name)
    reported: set[str] = set()
    for item in copies:
        copy = item.copy
        where = f"%{item.dirid}%" + (f"\\{item.subdirectory}" if item.subdirectory else "")
        if copy.list_section is None:
            yield ctx.report(
                copy.value.span,
                f"{copy.destination_name} is copied to {where}, outside the driver store; copy it to DIRID 13 "
                "and use it from there",
            )
            continue
        key = copy.list_section.lower()
        if key in reported:
            continue
        reported.add(key)
        section = ctx.document.sections_named(copy.list_section)[0]
        names = ", ".join(dict.fromkeys(by_list[key]))
        yield ctx.report(
            section.name_span,
            f"[{section.name}] copies {names} to {where}, outside the driver store; set its DestinationDirs "
            "entry to 13 and use the files from there",
        )
