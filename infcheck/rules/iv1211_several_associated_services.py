r"""One install section marks more than one service as the device's function driver.

## What it does
Reports each `AddService` after the first in the same section that sets the
`0x2` flag (SPSVCINST_ASSOCSERVICE). The finding points at the flags field.

## Why is this bad?
A device has exactly one function driver. With two services marked as
associated, Windows keeps one and the other never drives the device, so
InfVerif rejects the section.

## Example
```inf
[Contoso_Install.NT.Services]
AddService = ContosoPort, 0x00000002, Port_Service
AddService = ContosoBus,  0x00000002, Bus_Service
```

## Use instead
```inf
[Contoso_Install.NT.Services]
AddService = ContosoPort, 0x00000002, Port_Service
AddService = ContosoBus,  0x00000000, Bus_Service
```

## Source
InfVerif 1211; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import AddService, package_model

CODE = "IV1211"
NAME = "several-associated-services"
SEVERITY = "error"
INFVERIF = (1211,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    first: dict[str, AddService] = {}
    for service in package_model(ctx.index).add_services:
        if not service.is_associated:
            continue
        earlier = first.setdefault(service.section_key, service)
        if earlier is service:
            continue
        flags = service.entry.value(1)
        yield ctx.report(
            flags.span if flags is not None else service.entry.span,
            f"'{service.name or '(no name)'}' is marked as the function driver (flag 0x2), but "
            f"'{earlier.name or '(no name)'}' on line {earlier.entry.line} already is; clear 0x2 on all but one",
        )
