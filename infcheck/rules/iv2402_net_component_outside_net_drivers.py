"""An AddNetFilter or AddNetProtocol line outside a .NetDrivers install section.

## What it does
In an INF of the NetDriver class, reports each `AddNetFilter` and
`AddNetProtocol` line that sits in a section whose name does not end in
`.NetDrivers` (a decoration after it, as in
`[DefaultInstall.NetDrivers.NTamd64]`, is accepted).

This covers the two directives InfVerif's messages name; which other
directives a section refuses is not documented, so they are left to InfVerif.
That the components belong in the `.NetDrivers` section is infcheck's reading
of InfVerif's messages 2405 and 2420, since Microsoft has not documented the
declarative network driver format.

## Why is this bad?
Windows reads the network components of a NetDriver INF from its
`.NetDrivers` install section only. A component added from any other section
is never installed, and InfVerif refuses the package.

## Example
```inf
[DefaultInstall]
AddNetFilter = contoso_filter, Contoso_Filter
```

## Use instead
```inf
[DefaultInstall.NetDrivers]
AddNetFilter = contoso_filter, Contoso_Filter
```

## Source
InfVerif 2402; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_entries

CODE = "IV2402"
NAME = "net-component-outside-net-drivers"
SEVERITY = "error"
INFVERIF = (2402,)
TRIGGERS = ("addnetfilter", "addnetprotocol")

_NET_DRIVERS = "netdrivers"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in component_entries(ctx.index):
        section = entry.section
        if section is None:
            continue
        parts = section.key.split(".")
        if _NET_DRIVERS in parts[1:]:
            continue
        yield ctx.report(
            entry.key_span or entry.span,
            f"[{section.name}] does not take {entry.key}; Windows reads network components only from the "
            f"install section's .NetDrivers section, so move the line to [{section.name}.NetDrivers]",
        )
