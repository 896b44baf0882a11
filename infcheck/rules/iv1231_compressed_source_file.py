"""[SourceDisksFiles] names a compressed file.

## What it does
Reports each entry of `[SourceDisksFiles]` or `[SourceDisksFiles.<arch>]`
whose file name ends in `_` (the old compressed form, as in `contoso.sy_`).

## Why is this bad?
Driver packages ship their files uncompressed: the catalog hashes them as
they are and Windows copies them from the driver store. InfVerif expects the
uncompressed name.

## Example
```inf
[SourceDisksFiles]
contoso.sy_ = 1
```

## Use instead
```inf
[SourceDisksFiles]
contoso.sys = 1
```

## Source
InfVerif 1231; learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksfiles-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1231"
NAME = "compressed-source-file"
SEVERITY = "error"
INFVERIF = (1231,)
TRIGGERS = ("[sourcedisksfiles]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for item in package_model(ctx.index).source_disks_files:
        if item.name.endswith("_"):
            span = item.entry.key_span or item.entry.span
            yield ctx.report(span, f"'{item.name}' is a compressed file name; list the uncompressed file instead")
