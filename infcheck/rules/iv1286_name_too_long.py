"""A name is longer than the limit Windows documents for it.

## What it does
Reports, after string substitution:

- the service name of a `UmdfService` directive longer than 31 characters;
- the service name of an `AddService` directive, or the `DisplayName` of a
  service-install section an `AddService` names, longer than 256 characters.

Other values with a length limit of their own are not judged here; INF005
reports any value longer than 4096 characters and INF303 device IDs of 200
characters or more.

## Why is this bad?
The UMDF service name is limited to 31 characters, and the Service Control
Manager refuses service and display names longer than 256 characters, so
the service cannot be installed under the name the INF gives.

## Example
```inf
[Echo_Device.NT.Wdf]
UmdfService = ContosoEchoUserModeDriverForTesting, Echo_Service
```

## Use instead
```inf
[Echo_Device.NT.Wdf]
UmdfService = ContosoEcho, Echo_Service
```

## Source
InfVerif 1286; learn.microsoft.com/windows-hardware/drivers/wdf/specifying-wdf-directives-in-inf-files
(UmdfService: at most 31 characters) and learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-createservicew
(service and display names: at most 256 characters).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Value
from infcheck.engine import DocumentContext
from infcheck.package_facts import service_installs

CODE = "IV1286"
NAME = "name-too-long"
SEVERITY = "error"
INFVERIF = (1286,)
TRIGGERS = ("addservice", "umdfservice")

MAX_UMDF_SERVICE_NAME = 31
MAX_SERVICE_NAME = 256  # lpServiceName and lpDisplayName of CreateService


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in ctx.index.directive("umdfservice"):
        yield from _too_long(ctx, entry.value(0), "UmdfService name", MAX_UMDF_SERVICE_NAME)
    services = ctx.index.directive("addservice")
    if not services:
        return
    for entry in services:
        yield from _too_long(ctx, entry.value(0), "AddService name", MAX_SERVICE_NAME)
    for install in service_installs(ctx.index):
        display = install.keys.get("displayname")
        if display is not None:
            yield from _too_long(ctx, display.value(0), "DisplayName", MAX_SERVICE_NAME)


def _too_long(ctx: DocumentContext, value: Value | None, what: str, limit: int) -> Iterator[Diagnostic]:
    if value is None:
        return
    text = value.resolved.strip().strip('"')
    if len(text) > limit:
        yield ctx.report(
            value.span,
            f"{what} is {len(text)} characters long, more than the {limit} Windows accepts; shorten it",
        )
