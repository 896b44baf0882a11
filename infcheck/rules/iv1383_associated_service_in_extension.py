r"""An extension INF marks a service as the device's function driver.

## What it does
In an extension INF (`Class = Extension`), reports the flags field of each
`AddService` that sets `0x2` (SPSVCINST_ASSOCSERVICE).

## Why is this bad?
The device's function driver comes from its base INF; an extension INF adds
to that installation and may not replace the driver. InfVerif rejects the
flag there.

## Example
```inf
[Contoso_Extension.NT.Services]
AddService = ContosoHelper, 0x00000002, Helper_Service
```

## Use instead
```inf
[Contoso_Extension.NT.Services]
AddService = ContosoHelper, 0x00000000, Helper_Service
```

## Source
InfVerif 1383; learn.microsoft.com/windows-hardware/drivers/install/using-an-extension-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import is_extension_inf
from infcheck.package_model import package_model

CODE = "IV1383"
NAME = "associated-service-in-extension"
SEVERITY = "error"
INFVERIF = (1383,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not is_extension_inf(ctx.index):
        return
    for service in package_model(ctx.index).add_services:
        if not service.is_associated:
            continue
        flags = service.entry.value(1)
        yield ctx.report(
            flags.span if flags is not None else service.entry.span,
            "an extension INF cannot make a service the function driver (flag 0x2); the base INF does that, "
            "so clear the flag",
        )
