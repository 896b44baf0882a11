"""Two install sections copy different files to the same destination file.

## What it does
Reports a file-list line that copies a source file to a destination (DIRID,
subdirectory and file name) that another install section fills from a
different source file, when both install sections can apply on the same
architecture. The finding is on the later line.

## Why is this bad?
Windows may process the install sections of a driver package in any order
(or all of them ahead of time), so which file ends up in place is a matter
of chance, and one device gets the other's binary. InfVerif rejects the
INF; Partner Center enforces it.

## Example
```inf
[Install_A.NTamd64]
CopyFiles = Files_A
[Install_B.NTamd64]
CopyFiles = Files_B
[Files_A]
contoso.sys, contoso_a.sys
[Files_B]
contoso.sys, contoso_b.sys
```

## Use instead
```inf
[Files_A]
contoso_a.sys
[Files_B]
contoso_b.sys
```

## Source
InfVerif 1330; learn.microsoft.com/windows-hardware/drivers/devtest/inf-verif-error-1330.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import FileCopy, PackageModel, may_install_together, package_model

CODE = "IV1330"
NAME = "conflicting-file-copies"
SEVERITY = "error"
INFVERIF = (1330,)
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    by_destination: dict[tuple[int, str, str], list[FileCopy]] = {}
    for copy in model.file_copies:
        destination = model.destination_for(copy.list_section)
        if destination is None or destination.dirid is None:
            continue
        key = (destination.dirid, destination.subdirectory.lower(), copy.destination_name.lower())
        earlier = by_destination.setdefault(key, [])
        clash = next((other for other in earlier if _conflict(model, other, copy)), None)
        earlier.append(copy)
        if clash is None:
            continue
        where = f"%{key[0]}%\\" + (f"{destination.subdirectory}\\" if destination.subdirectory else "")
        yield ctx.report(
            copy.value.span,
            f"[{copy.install_section.name}] copies '{copy.source_name}' to {where}{copy.destination_name}, "
            f"which [{clash.install_section.name}] fills from '{clash.source_name}'; "
            "give the two files different destination names",
        )


def _conflict(model: PackageModel, first: FileCopy, second: FileCopy) -> bool:
    if first.source_name.lower() == second.source_name.lower():
        return False
    return may_install_together(model, first.install_section, second.install_section)
