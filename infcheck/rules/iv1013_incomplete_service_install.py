r"""A service-install section leaves out a required key.

## What it does
For each section an `AddService` names as its service-install section,
reports each of `ServiceType`, `StartType`, `ErrorControl` and
`ServiceBinary` it does not set. The finding points at the section header.

## Why is this bad?
Windows needs all four to create the service: what kind it is, when it
starts, how failures are handled and which binary runs. InfVerif rejects a
service-install section without them.

## Example
```inf
[Contoso_Service]
ServiceType   = 1
StartType     = 3
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
InfVerif 1013; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import service_installs

CODE = "IV1013"
NAME = "incomplete-service-install"
SEVERITY = "error"
INFVERIF = (1013,)
# Service-install sections are those AddService names.
TRIGGERS = ("addservice",)

REQUIRED_KEYS = ("ServiceType", "StartType", "ErrorControl", "ServiceBinary")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    # A missing service-install section is left out: INF301 reports it.
    for install in service_installs(ctx.index):
        missing = [key for key in REQUIRED_KEYS if key.lower() not in install.keys]
        if missing:
            section = install.sections[0]
            yield ctx.report(
                section.name_span,
                f"service-install section [{section.name}] does not set {', '.join(missing)}; Windows needs "
                "ServiceType, StartType, ErrorControl and ServiceBinary",
            )
