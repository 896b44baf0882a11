"""A network component's NetCfgInstanceId that is not a braced GUID.

## What it does
In an INF of the NetDriver class, reports the `NetCfgInstanceId` of a
network component's section (the section the second field of
`AddNetFilter` or `AddNetProtocol` names) when its value is not a GUID
written `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.

Microsoft documents `NetCfgInstanceId` as the GUID that identifies a network
filter or protocol; that a declarative component section carries it under
that name is infcheck's reading, since the declarative network driver format
is not documented. GUIDs under other names are left to InfVerif.

## Why is this bad?
Windows identifies the component by this GUID. A value that is not a GUID
in braces cannot be read as one, and InfVerif refuses the package.

## Example
```inf
[Contoso_Filter]
NetCfgInstanceId = 5cbf81bd-5055-47cd-9055-a76b2b4e3697
```

## Use instead
```inf
[Contoso_Filter]
NetCfgInstanceId = {5cbf81bd-5055-47cd-9055-a76b2b4e3697}
```

## Source
InfVerif 2411; learn.microsoft.com/windows-hardware/drivers/network/configuring-an-inf-file-for-a-modifying-filter-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.guids import BRACED_GUID
from infcheck.rules._netdriver import component_keys, component_sections

CODE = "IV2411"
NAME = "invalid-net-instance-guid"
SEVERITY = "error"
INFVERIF = (2411,)
# The component sections are those the AddNetFilter and AddNetProtocol lines name.
TRIGGERS = ("addnetfilter", "addnetprotocol")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for component in component_sections(ctx.index):
        for entry in component_keys(ctx.index, component, "netcfginstanceid"):
            value = entry.value(0)
            if value is None:
                continue
            text = value.resolved.strip()
            if BRACED_GUID.match(text) or "%" in text:
                continue  # a %string% left unresolved is the string rules' finding
            yield ctx.report(
                value.span if not value.is_empty else entry.span,
                f"NetCfgInstanceId '{text}' is not a GUID in braces, {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}}; "
                "generate one with guidgen.exe or uuidgen.exe and write it with its braces",
            )
