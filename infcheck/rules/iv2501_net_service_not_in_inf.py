"""A network component that names a service the INF does not add.

## What it does
In an INF of the NetDriver class, reports the `Service` of a network
component's section (the section the second field of `AddNetFilter` or
`AddNetProtocol` names) when no `AddService` directive of the INF adds a
service of that name.

Microsoft documents `Service` as the Ndi setting that names a filter's or
protocol's driver service; that a declarative component section carries it
under that name is infcheck's reading, since the declarative network driver
format is not documented. Services named by other settings are left to
InfVerif.

## Why is this bad?
Windows starts the component through the service it names. A service the
package does not install is missing on the computers that install it, and
InfVerif refuses the package.

## Example
```inf
[Contoso_Filter]
Service = contosolwf
```

## Use instead
```inf
[Contoso_Filter]
Service = contosolwf

[DefaultInstall.Services]
AddService = contosolwf, 0, Contoso_Service
```

## Source
InfVerif 2501; learn.microsoft.com/windows-hardware/drivers/network/adding-service-related-values-to-the-ndi-key.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model
from infcheck.rules._netdriver import component_keys, component_sections

CODE = "IV2501"
NAME = "net-service-not-in-inf"
SEVERITY = "error"
INFVERIF = (2501,)
# The component sections are those the AddNetFilter and AddNetProtocol lines name.
TRIGGERS = ("addnetfilter", "addnetprotocol")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    components = component_sections(ctx.index)
    if not components:
        return
    added = {service.name.strip().lower() for service in package_model(ctx.index).add_services}
    for component in components:
        for entry in component_keys(ctx.index, component, "service"):
            value = entry.value(0)
            if value is None or value.is_empty:
                continue
            name = value.resolved.strip()
            if name.lower() in added:
                continue
            yield ctx.report(
                value.span,
                f"service '{name}' is not added by this INF; add it with an AddService directive, or name the "
                "service the INF installs",
            )
