"""A network component identifier with characters other than a-z, 0-9 and _.

## What it does
In an INF of the NetDriver class, reports the component identifier (the
first field of `AddNetFilter` and `AddNetProtocol`) when it does not match
`[a-z0-9_]+`: upper-case letters, dashes, dots and blanks are all refused.

The pattern is the one InfVerif's message gives; that it applies to these
two directives is infcheck's reading of its messages 2400 and 2420, since
Microsoft has not documented the declarative network driver format.

## Why is this bad?
The identifier names the component in the network configuration store and
in bindings; InfVerif accepts only lower-case letters, digits and
underscores there.

## Example
```inf
AddNetFilter = Contoso-Filter, Contoso_Filter
```

## Use instead
```inf
AddNetFilter = contoso_filter, Contoso_Filter
```

## Source
InfVerif 2412; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_entries

CODE = "IV2412"
NAME = "invalid-net-component-id"
SEVERITY = "error"
INFVERIF = (2412,)
TRIGGERS = ("addnetfilter", "addnetprotocol")

_COMPONENT_ID = re.compile(r"[a-z0-9_]+")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in component_entries(ctx.index):
        value = entry.value(0)
        if value is None or value.is_empty:
            continue  # IV2400 reports the missing field
        identifier = value.resolved.strip()
        if _COMPONENT_ID.fullmatch(identifier):
            continue
        yield ctx.report(
            value.span,
            f"component identifier '{identifier}' may hold only lower-case letters, digits and '_'; "
            f"write it as '{re.sub(r'[^a-z0-9_]', '_', identifier.lower())}'",
        )
