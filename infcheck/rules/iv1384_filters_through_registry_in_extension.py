r"""An extension INF adds filter drivers through the registry.

## What it does
In an extension INF (`Class = Extension`), reports the value name of each
add-registry line that writes `UpperFilters` or `LowerFilters`.

## Why is this bad?
Writing the filter lists directly overwrites, or races with, what the base
INF and other extensions write. A `[DDInstall.Filters]` section with
`AddFilter` lets Windows merge every filter in a stable order. InfVerif
warns about the registry form in extension INFs.

## Example
```inf
[Contoso_Extension.NT.HW]
AddReg = Contoso_Filter_AddReg

[Contoso_Extension_Filter_AddReg]
HKR, , UpperFilters, 0x00010008, ContosoFilter
```

## Use instead
```inf
[Contoso_Extension.NT.Filters]
AddFilter = ContosoFilter, , Contoso_Filter_Install

[Contoso_Filter_Install]
FilterPosition = Upper
```

## Source
InfVerif 1384; learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-filters-section,
using-an-extension-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import is_extension_inf
from infcheck.package_model import package_model

CODE = "IV1384"
NAME = "filters-through-registry-in-extension"
SEVERITY = "warning"
INFVERIF = (1384,)
TRIGGERS = ("addreg",)

_FILTER_VALUES = ("upperfilters", "lowerfilters")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not is_extension_inf(ctx.index):
        return
    for operation in package_model(ctx.index).registry_operations:
        if operation.directive == "addreg" and operation.value_name.strip('"').lower() in _FILTER_VALUES:
            name = operation.entry.value(2)
            yield ctx.report(
                name.span if name is not None else operation.entry.span,
                f"this extension INF writes {operation.value_name} through the registry; declare the filter "
                "with AddFilter in a [DDInstall.Filters] section instead",
            )
