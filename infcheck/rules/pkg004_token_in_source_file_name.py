"""A [SourceDisksFiles] file name holds a %token%.

## What it does
Reports a `[SourceDisksFiles]` (or `[SourceDisksFiles.<arch>]`) entry whose
file name contains a `%`, as a `%strkey%` token does.

## Why is this bad?
The file names of `[SourceDisksFiles]` are matched as written against the
names the file lists copy and the files of the package folder: the tools that
build and sign the package (Inf2Cat) do not replace tokens there, so the file
is reported missing or left out of the catalog.

## Example
```inf
[SourceDisksFiles]
%DriverName%.sys = 1
```

## Use instead
```inf
[SourceDisksFiles]
contoso.sys = 1
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksfiles-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext

CODE = "PKG004"
NAME = "token-in-source-file-name"
SEVERITY = "error"
SCOPE = "package"


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    for listed in ctx.facts.listed_files:
        if "%" in listed.name:
            yield ctx.report(
                listed.span,
                f"file name '{listed.name}' holds a %token%, which is not replaced here; write the name out",
            )
