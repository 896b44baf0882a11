"""A single-valued network component setting given more than one field.

## What it does
In an INF of the NetDriver class, reports `FilterClass`, `FilterType`,
`NetCfgInstanceId` and `Service` lines of a network component's section (the
section the second field of `AddNetFilter` or `AddNetProtocol` names) that
give more than one field.

Microsoft documents each of these settings as one value (a class name, a
number, a GUID, a service name); that a declarative component section carries
them under those names is infcheck's reading, since the declarative network
driver format is not documented. Which other settings InfVerif holds to one
field is left to it.

## Why is this bad?
Windows reads one value for each of these settings; the fields after the
first are either a mistake (a comma where none belongs) or ignored, and
InfVerif refuses the package.

## Example
```inf
[Contoso_Filter]
FilterClass = compression, encryption
```

## Use instead
```inf
[Contoso_Filter]
FilterClass = compression
```

## Source
InfVerif 2403; learn.microsoft.com/windows-hardware/drivers/network/configuring-an-inf-file-for-a-modifying-filter-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_keys, component_sections

CODE = "IV2403"
NAME = "net-setting-fields"
SEVERITY = "error"
INFVERIF = (2403,)
# The component sections are those the AddNetFilter and AddNetProtocol lines name.
TRIGGERS = ("addnetfilter", "addnetprotocol")

_SINGLE_VALUED = ("filterclass", "filtertype", "netcfginstanceid", "service")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for component in component_sections(ctx.index):
        entries = [entry for key in _SINGLE_VALUED for entry in component_keys(ctx.index, component, key)]
        for entry in sorted(entries, key=lambda entry: entry.span):
            values = entry.values
            if len(values) <= 1:
                continue
            yield ctx.report(
                entry.key_span or entry.span,
                f"{entry.key} takes exactly one field and this line gives {len(values)}; keep the one value "
                "it needs (quote it if it must hold a comma)",
            )
