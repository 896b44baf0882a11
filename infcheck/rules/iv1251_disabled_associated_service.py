r"""A service marked as the device's function driver is disabled.

## What it does
Reports an `AddService` with the `0x2` flag (SPSVCINST_ASSOCSERVICE) whose
service-install section sets `StartType = 4` (disabled). The finding points at
the `StartType` value.

## Why is this bad?
Windows never starts a disabled service, so the device it is the function
driver for never starts either. InfVerif warns about it.

## Example
```inf
[Contoso_Install.NT.Services]
AddService = Contoso, 0x00000002, Contoso_Service

[Contoso_Service]
ServiceType   = 1
StartType     = 4
ErrorControl  = 1
ServiceBinary = %13%\contoso.sys
```

## Use instead
```inf
[Contoso_Service]
ServiceType   = 1
StartType     = 3
ErrorControl  = 1
ServiceBinary = %13%\contoso.sys
```

## Source
InfVerif 1251; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import SERVICE_DISABLED, service_number
from infcheck.package_model import package_model

CODE = "IV1251"
NAME = "disabled-associated-service"
SEVERITY = "warning"
INFVERIF = (1251,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    seen: set[str] = set()
    for service in model.add_services:
        name = service.install_section
        if not service.is_associated or name is None or name.lower() in seen:
            continue
        install = model.service_install(name)
        if install is None:
            continue
        value, start_type = service_number(install, "StartType")
        if value is not None and start_type == SERVICE_DISABLED:
            seen.add(name.lower())
            yield ctx.report(
                value.span,
                f"service '{service.name}' is the device's function driver (flag 0x2) but is disabled "
                "(StartType = 4); use StartType = 3 (on demand) so the device can start",
            )
