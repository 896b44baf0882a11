"""A display driver's service that is not demand-started.

## What it does
In an INF of the Display setup class (by `Class` or `ClassGuid`), reports
the `StartType` of the service-install section of each service added with
the SPSVCINST_ASSOCSERVICE flag (0x2), the device's driver, when it is a
number other than 3 (SERVICE_DEMAND_START).

Microsoft's display pages state the StartType requirement; what other service
values InfVerif requires of a display driver is not documented, so they are
left to it. A StartType that is not a number is left to the rules on service
settings.

## Why is this bad?
WDDM display drivers are Plug and Play drivers, which Windows loads when it
finds the device; Microsoft requires them to be demand-started. Another start
type loads the driver outside Plug and Play, and InfVerif refuses the package.

## Example
```inf
[Contoso_Service_Inst]
ServiceType = 1
StartType = 1
ErrorControl = 0
ServiceBinary = %13%\\contoso.sys
```

## Use instead
```inf
[Contoso_Service_Inst]
ServiceType = 1
StartType = 3
ErrorControl = 0
ServiceBinary = %13%\\contoso.sys
```

## Source
InfVerif 2602; learn.microsoft.com/windows-hardware/drivers/display/driver-services-start-type-directive
and .../display/setting-the-start-type-value.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model, parse_number
from infcheck.rules._display import is_display_inf

CODE = "IV2602"
NAME = "display-service-not-demand-start"
SEVERITY = "error"
INFVERIF = (2602,)
# The service-install sections read are those AddService lines name.
TRIGGERS = ("addservice",)

_DEMAND_START = 3


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not is_display_inf(ctx.index):
        return
    model = package_model(ctx.index)
    seen: set[str] = set()
    for service in model.add_services:
        if not service.is_associated or service.install_section is None:
            continue
        key = service.install_section.strip().lower()
        if key in seen:
            continue
        seen.add(key)
        install = model.service_install(service.install_section)
        if install is None:
            continue
        entry = install.keys.get("starttype")
        value = entry.value(0) if entry is not None else None
        if value is None:
            continue
        start_type = parse_number(value.resolved)
        if start_type is None or start_type == _DEMAND_START:
            continue
        yield ctx.report(
            value.span,
            f"service '{service.name.strip()}' must have a StartType value of 3 (SERVICE_DEMAND_START), not "
            f"{start_type}: a display driver is a Plug and Play driver that Windows starts for its device",
        )
