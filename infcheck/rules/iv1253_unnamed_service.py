r"""An AddService names no service and does not mark the device as needing none.

## What it does
Reports an `AddService` whose service name is empty and whose flags do not
include `0x2`. An empty name with `0x2` (`AddService = ,2`) is the documented
way to install a device that needs no function driver, and is not reported.

## Why is this bad?
Windows skips an `AddService` without a name: no service is created and
whatever the directive was meant to install is silently missing. InfVerif
reports it as an error.

## Example
```inf
[Contoso_Install.NT.Services]
AddService = , 0x00000000, Contoso_Service
```

## Use instead
```inf
[Contoso_Install.NT.Services]
AddService = Contoso, 0x00000000, Contoso_Service
```

## Source
InfVerif 1253; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1253"
NAME = "unnamed-service"
SEVERITY = "error"
INFVERIF = (1253,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for service in package_model(ctx.index).add_services:
        if service.name.strip('"') or service.is_associated:
            continue
        key = service.entry.key_span
        yield ctx.report(
            key if key is not None else service.entry.span,
            "AddService gives no service name, so Windows skips it; name the service, or write "
            "AddService = ,2 for a device that needs no function driver",
        )
