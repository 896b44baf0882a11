"""A modifying network filter without a FilterClass.

## What it does
In an INF of the NetDriver class, reports the `FilterType` of a filter's
section (the section the second field of `AddNetFilter` names) when it makes
the filter a modifying filter (`2`, as Microsoft documents the value, or the
word `modifying`) and the section has no non-empty `FilterClass`.

That a declarative filter section carries these settings under the names
Microsoft documents for the Ndi key of a filter INF is infcheck's reading,
since the declarative network driver format is not documented; a FilterType
written in any other way is left to InfVerif.

## Why is this bad?
Windows places each modifying filter in the stack by its class. A modifying
filter without one has no place, and InfVerif refuses the package.

## Example
```inf
[Contoso_Filter]
FilterType = 2
```

## Use instead
```inf
[Contoso_Filter]
FilterType = 2
FilterClass = compression
```

## Source
InfVerif 2418; learn.microsoft.com/windows-hardware/drivers/network/configuring-an-inf-file-for-a-modifying-filter-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import parse_number
from infcheck.rules._netdriver import component_keys, component_sections

CODE = "IV2418"
NAME = "modifying-filter-without-class"
SEVERITY = "error"
INFVERIF = (2418,)
# The component sections are those the AddNetFilter and AddNetProtocol lines name.
TRIGGERS = ("addnetfilter", "addnetprotocol")

_MODIFYING = 2


def _is_modifying(text: str) -> bool:
    return text.lower() == "modifying" or parse_number(text) == _MODIFYING


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for component in component_sections(ctx.index):
        if not component.is_filter:
            continue
        types = [entry for entry in component_keys(ctx.index, component, "filtertype") if entry.value(0) is not None]
        modifying = [entry for entry in types if _is_modifying(entry.values[0].resolved.strip())]
        if not modifying:
            continue
        classes = component_keys(ctx.index, component, "filterclass")
        if any(value is not None and not value.is_empty for value in (entry.value(0) for entry in classes)):
            continue
        value = modifying[0].values[0]
        yield ctx.report(
            value.span,
            f"[{component.name}] makes a modifying filter but gives no FilterClass; add one, such as "
            "FilterClass = compression, to place the filter in the stack",
        )
