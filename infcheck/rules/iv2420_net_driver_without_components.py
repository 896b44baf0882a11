"""A NetDriver INF that adds no network component.

## What it does
Reports the `Class` entry of an INF whose class is `NetDriver` when no
section of it holds an `AddNetFilter` or `AddNetProtocol` directive.

This is a partial check. InfVerif asks for at least one of the two
directives in one particular section whose name its message leaves out, so
infcheck reports only the certain case: an INF that has neither directive
anywhere.

## Why is this bad?
A declarative network driver INF installs its filters and protocols through
these directives; without one, the package installs no network component
and the driver never binds to an adapter.

## Example
```inf
[Version]
Class = NetDriver
[DefaultInstall.NetDrivers]
```

## Use instead
```inf
[DefaultInstall.NetDrivers]
AddNetFilter = contoso_filter, Contoso_Filter
```

## Source
InfVerif 2420; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_entries, is_net_driver

CODE = "IV2420"
NAME = "net-driver-without-components"
SEVERITY = "error"
INFVERIF = (2420,)
# It reports on the Class line of [Version], when that names NetDriver.
TRIGGERS = ("class",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not is_net_driver(ctx.index) or component_entries(ctx.index):
        return
    value = ctx.index.version.first_value("class")
    if value is None:
        return
    yield ctx.report(
        value.span,
        "a NetDriver INF must add at least one network component; add an AddNetFilter or AddNetProtocol "
        "directive to its .NetDrivers install section",
    )
