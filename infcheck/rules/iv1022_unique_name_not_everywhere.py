r"""A service is declared with unique names in one AddService and without them in another.

## What it does
Groups the `AddService` directives of the INF by service name and, when
some of them set flag `0x00010000` (SPSVCINST_UNIQUE_NAME) and others do
not, reports the flags field of each declaration that leaves it out.

## Why is this bad?
With the flag, Windows gives the service a name of its own for this
driver package rather than the shared name the INF writes. A service
declared both ways would be installed under two different names depending
on the device that selects the section. InfVerif requires every
declaration of the name to use the unique-name flag once one does.

## Example
```inf
[Contoso_Install.NT.Services]
AddService = Contoso, 0x00010002, Contoso_Service

[Contoso_Lite.NT.Services]
AddService = Contoso, 0x00000002, Contoso_Service
```

## Use instead
```inf
[Contoso_Lite.NT.Services]
AddService = Contoso, 0x00010002, Contoso_Service
```

## Source
InfVerif 1022 ("Service name '...' must utilize the unique names feature across all
declarations"). The flag's value is SPSVCINST_UNIQUE_NAME in setupapi.h (published in the
Windows SDK metadata); learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive
documents the other flags. Partial: declarations in other INF files are not compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import AddService, package_model

CODE = "IV1022"
NAME = "unique-name-not-everywhere"
SEVERITY = "error"
INFVERIF = (1022,)
TRIGGERS = ("addservice",)

SPSVCINST_UNIQUE_NAME = 0x00010000


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    services = package_model(ctx.index).add_services
    if len(services) < 2:
        return
    by_name: dict[str, list[tuple[AddService, bool]]] = {}
    for service in services:
        unique = _uses_unique_name(service)
        if service.name and unique is not None:
            by_name.setdefault(service.name.lower(), []).append((service, unique))
    for declarations in by_name.values():
        if not any(unique for _, unique in declarations):
            continue
        for service, unique in declarations:
            if unique:
                continue
            flags = service.entry.value(1)
            yield ctx.report(
                flags.span if flags is not None and not flags.is_empty else service.entry.span,
                f"another AddService declares '{service.name}' with the unique-name flag (0x00010000); set it "
                "here too, so that every declaration names the same service",
            )


def _uses_unique_name(service: AddService) -> bool | None:
    """Whether the flags set SPSVCINST_UNIQUE_NAME; ``None`` when they are not a number."""
    if service.flags is not None:
        return bool(service.flags & SPSVCINST_UNIQUE_NAME)
    flags = service.entry.value(1)
    return False if flags is None or not flags.resolved.strip() else None
