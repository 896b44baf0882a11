r"""A file list copied to the driver store has a security section.

## What it does
Reports the `[<file-list>.security]` section of a file-list section that
CopyFiles copies to DIRID 13, the driver store.

## Why is this bad?
Windows sets the access rights of the driver store itself; files run from
there cannot be given their own security descriptor, and InfVerif rejects
the section.

## Example
```inf
[DestinationDirs]
Contoso_Files = 13

[Contoso_Files.security]
"D:P(A;;GA;;;SY)"
```

## Use instead
```inf
[DestinationDirs]
Contoso_Files = 13
```

## Source
InfVerif 1101; learn.microsoft.com/windows-hardware/drivers/install/inf-copyfiles-directive,
learn.microsoft.com/windows-hardware/drivers/develop/run-from-driver-store.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.dirids import DRIVER_STORE_DIRID
from infcheck.package_model import package_model

CODE = "IV1101"
NAME = "security-on-driver-store-copy"
SEVERITY = "error"
INFVERIF = (1101,)
# The copied files are those CopyFiles names.
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    seen: set[str] = set()
    for copy in model.file_copies:
        name = copy.list_section
        if name is None or name.lower() in seen:
            continue
        seen.add(name.lower())
        destination = model.destination_for(name)
        if destination is None or destination.dirid != DRIVER_STORE_DIRID:
            continue
        for section in ctx.document.sections_named(f"{name}.security"):
            yield ctx.report(
                section.name_span,
                f"[{name}] is copied to the driver store (DIRID 13), whose files cannot have their own "
                "security descriptor; remove this section",
            )
