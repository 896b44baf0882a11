"""An AddNetFilter or AddNetProtocol line without exactly two fields.

## What it does
In an INF of the NetDriver class, reports each `AddNetFilter` and
`AddNetProtocol` line that does not give exactly two non-empty fields: the
component identifier and the component's section.

Which directives InfVerif checks for this is infcheck's reading of its
messages (2400 names the two fields, 2420 names the two directives);
Microsoft has not documented the declarative network driver format.

## Why is this bad?
Windows reads the component identifier from the first field and the
component's settings from the section the second names; a missing field
leaves the component without an identity or without its settings, and an
extra one is not read at all.

## Example
```inf
[DefaultInstall.NetDrivers]
AddNetFilter = contoso_filter
```

## Use instead
```inf
[DefaultInstall.NetDrivers]
AddNetFilter = contoso_filter, Contoso_Filter
```

## Source
InfVerif 2400; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_entries

CODE = "IV2400"
NAME = "net-component-fields"
SEVERITY = "error"
INFVERIF = (2400,)
TRIGGERS = ("addnetfilter", "addnetprotocol")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in component_entries(ctx.index):
        values = entry.values
        if len(values) == 2 and not any(value.is_empty for value in values):
            continue
        yield ctx.report(
            entry.key_span or entry.span,
            f"{entry.key} takes exactly two fields, <component id>,<component section>; write "
            f"{entry.key} = <id>, <section>",
        )
