"""A network component identifier that starts with ms_ or vms_.

## What it does
In an INF of the NetDriver class, reports the component identifier (the
first field of `AddNetFilter` and `AddNetProtocol`) when it starts with
`ms_` or `vms_`, in any letter case.

The prefixes are the ones InfVerif's message names; that it applies to
these two directives is infcheck's reading of its messages 2400 and 2420,
since Microsoft has not documented the declarative network driver format.

## Why is this bad?
Identifiers with these prefixes are kept for the network components of
Windows and Hyper-V. A partner's component using one may collide with an
inbox component, and InfVerif refuses the package.

## Example
```inf
AddNetFilter = ms_contoso_filter, Contoso_Filter
```

## Use instead
```inf
AddNetFilter = contoso_filter, Contoso_Filter
```

## Source
InfVerif 2415; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_entries

CODE = "IV2415"
NAME = "reserved-net-component-id"
SEVERITY = "error"
INFVERIF = (2415,)
TRIGGERS = ("addnetfilter", "addnetprotocol")

_RESERVED_PREFIXES = ("ms_", "vms_")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in component_entries(ctx.index):
        value = entry.value(0)
        if value is None:
            continue
        identifier = value.resolved.strip()
        if not identifier.lower().startswith(_RESERVED_PREFIXES):
            continue
        yield ctx.report(
            value.span,
            f"component identifier '{identifier}' starts with a prefix kept for Windows' own components "
            "(ms_, vms_); start it with your company's name instead",
        )
