r"""An AddService event log type is not System, Application or Security.

## What it does
Reports the fifth field of an `AddService` directive, the event log the
service writes to, when it is given and is not `System`, `Application` or
`Security`.

## Why is this bad?
Windows registers the service's event source under that log. Any other name
is not a log Windows keeps, so InfVerif rejects the directive.

## Example
```inf
[Contoso_Install.NT.Services]
AddService = Contoso, 0x2, Contoso_Service, Contoso_EventLog, Driver
```

## Use instead
```inf
[Contoso_Install.NT.Services]
AddService = Contoso, 0x2, Contoso_Service, Contoso_EventLog, System
```

## Source
InfVerif 1250; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1250"
NAME = "invalid-event-log-type"
SEVERITY = "error"
INFVERIF = (1250,)
TRIGGERS = ("addservice",)

EVENT_LOG_TYPES = ("system", "application", "security")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for service in package_model(ctx.index).add_services:
        value = service.entry.value(4)
        if value is None or value.is_empty:
            continue
        text = value.resolved.strip().strip('"')
        if text and text.lower() not in EVENT_LOG_TYPES:
            yield ctx.report(
                value.span, f"event log type '{text}' is not one Windows keeps; use System, Application or Security"
            )
