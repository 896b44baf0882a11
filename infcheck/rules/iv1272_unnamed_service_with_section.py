r"""A nameless AddService points at a service-install section.

## What it does
Reports the service-install section field of an `AddService` whose service
name is empty and whose flags include `0x2`, such as
`AddService = ,2,Contoso_Service` (without `0x2`, IV1253 reports the whole
directive).

## Why is this bad?
Without a name Windows creates no service, so it never reads the section the
directive names: the service it describes is not installed. InfVerif reports
that the section is ignored.

## Example
```inf
[Contoso_Install.NT.Services]
AddService = , 0x00000002, Contoso_Service
```

## Use instead
```inf
[Contoso_Install.NT.Services]
AddService = Contoso, 0x00000002, Contoso_Service
```

## Source
InfVerif 1272; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1272"
NAME = "unnamed-service-with-section"
SEVERITY = "error"
INFVERIF = (1272,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for service in package_model(ctx.index).add_services:
        section = service.entry.value(2)
        if service.name.strip('"') or not service.is_associated or service.install_section is None or section is None:
            continue
        yield ctx.report(
            section.span,
            f"this AddService has no service name, so Windows ignores [{service.install_section}]; "
            "give the service a name, or drop the section for a device that needs no service",
        )
