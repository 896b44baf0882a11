"""A catalog file is listed in [SourceDisksFiles].

## What it does
Reports each entry of `[SourceDisksFiles]` or `[SourceDisksFiles.<arch>]`
whose file name ends in `.cat`.

## Why is this bad?
The catalog is named by `CatalogFile` in `[Version]` and created by signing;
it is not a file the INF copies. InfVerif rejects a package that lists it as
a source file.

## Example
```inf
[SourceDisksFiles]
contoso.sys = 1
contoso.cat = 1
```

## Use instead
```inf
[SourceDisksFiles]
contoso.sys = 1
```

## Source
InfVerif 1213; learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksfiles-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1213"
NAME = "catalog-in-source-disks-files"
SEVERITY = "error"
INFVERIF = (1213,)
TRIGGERS = ("[sourcedisksfiles]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for item in package_model(ctx.index).source_disks_files:
        if item.name.lower().endswith(".cat"):
            span = item.entry.key_span or item.entry.span
            yield ctx.report(span, f"catalog '{item.name}' cannot be a source file; remove it from [SourceDisksFiles]")
