"""A network filter's FilterClass that is not a lower-case name.

## What it does
In an INF of the NetDriver class, reports the `FilterClass` of a network
component's section (the section the second field of `AddNetFilter` or
`AddNetProtocol` names) when its value does not consist only of lower-case
letters, digits and `_`, the pattern InfVerif's message gives.

Microsoft documents `FilterClass` as the setting that places a modifying
filter in the stack, with values such as `compression`, `encryption` or
`scheduler`; that a declarative component section carries it under that name
is infcheck's reading, since the declarative network driver format is not
documented.

## Why is this bad?
Windows orders modifying filters by their class. A class written with other
characters names no class Windows knows, and InfVerif refuses the package.

## Example
```inf
[Contoso_Filter]
FilterClass = Compression
```

## Use instead
```inf
[Contoso_Filter]
FilterClass = compression
```

## Source
InfVerif 2414; learn.microsoft.com/windows-hardware/drivers/network/configuring-an-inf-file-for-a-modifying-filter-driver.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_keys, component_sections

CODE = "IV2414"
NAME = "invalid-filter-class"
SEVERITY = "error"
INFVERIF = (2414,)
# The component sections are those the AddNetFilter and AddNetProtocol lines name.
TRIGGERS = ("addnetfilter", "addnetprotocol")

_FILTER_CLASS = re.compile(r"[a-z0-9_]+")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for component in component_sections(ctx.index):
        for entry in component_keys(ctx.index, component, "filterclass"):
            value = entry.value(0)
            if value is None or value.is_empty:
                continue  # IV2418 reports a modifying filter without a class
            text = value.resolved.strip()
            if _FILTER_CLASS.fullmatch(text) or "%" in text:
                continue  # a %string% left unresolved is the string rules' finding
            yield ctx.report(
                value.span,
                f"FilterClass '{text}' may hold only lower-case letters, digits and '_'; write it as "
                f"'{re.sub(r'[^a-z0-9_]', '_', text.lower())}'",
            )
