r"""UmdfServiceOrder names a service no UmdfService directive installs.

## What it does
Reports each name in an `UmdfServiceOrder` directive that no `UmdfService`
directive of the INF names.

## Why is this bad?
UmdfServiceOrder lists the UMDF drivers of the device stack in load order;
Windows only knows the drivers UmdfService installs. A name it cannot find
means a typo or a missing UmdfService, and the stack is not built as meant.
InfVerif rejects it.

## Example
```inf
[Contoso_Install.NT.Wdf]
UmdfService      = ContosoDriver, Contoso_UmdfInstall
UmdfServiceOrder = ContosoDriver, ContosoFilter
```

## Use instead
```inf
[Contoso_Install.NT.Wdf]
UmdfService      = ContosoDriver, Contoso_UmdfInstall
UmdfService      = ContosoFilter, Filter_UmdfInstall
UmdfServiceOrder = ContosoDriver, ContosoFilter
```

## Source
InfVerif 1400; learn.microsoft.com/windows-hardware/drivers/wdf/specifying-wdf-directives-in-inf-files.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import rare_directive
from infcheck.package_model import package_model, wdf_services

CODE = "IV1400"
NAME = "umdf-service-order-unknown"
SEVERITY = "error"
INFVERIF = (1400,)
TRIGGERS = ("umdfserviceorder",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    orders = rare_directive(ctx.index, "umdfserviceorder")
    if not orders:
        return
    known = {service.name.lower() for service in wdf_services(package_model(ctx.index)) if service.kind == "umdf"}
    for entry in orders:
        for value in entry.values:
            name = value.resolved.strip().strip('"')
            if name and "%" not in name and name.lower() not in known:
                yield ctx.report(
                    value.span,
                    f"UmdfServiceOrder names '{name}', which no UmdfService installs; add its UmdfService "
                    "directive or correct the name",
                )
