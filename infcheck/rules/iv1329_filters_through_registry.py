"""Filters are added through the registry instead of a .Filters section.

## What it does
Reports each line of an add-registry section that writes the
`UpperFilters` or `LowerFilters` value.

## Why is this bad?
Writing the filter lists directly overwrites or mixes with other drivers'
filters and cannot be undone cleanly. Windows 10 version 1903 and later
declare filters in a `[DDInstall.Filters]` section with `AddFilter`, which
Windows merges and removes for you. InfVerif rejects the registry form under
`/w`.

## Example
```inf
[Device_Install.NT.HW]
AddReg = Filter_AddReg
[Filter_AddReg]
HKR,,UpperFilters,0x00010000,ContosoFilter
```

## Use instead
```inf
[Device_Install.NT.Filters]
AddFilter = ContosoFilter,, Filter_Settings
[Filter_Settings]
FilterPosition = Upper
```

## Source
InfVerif 1329; learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-filters-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1329"
NAME = "filters-through-registry"
# InfVerif reports 1329 only under /w (as an error); until profiles pick levels, it is a warning.
SEVERITY = "warning"
INFVERIF = (1329,)
TRIGGERS = ("addreg",)

_FILTER_VALUES = ("upperfilters", "lowerfilters")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        if operation.directive == "addreg" and operation.value_name.lower() in _FILTER_VALUES:
            name = operation.entry.value(2)
            yield ctx.report(
                name.span if name is not None else operation.entry.span,
                f"{operation.value_name} is written through the registry; declare the filter in a "
                "[DDInstall.Filters] section with AddFilter",
            )
