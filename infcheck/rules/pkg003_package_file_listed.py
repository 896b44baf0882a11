"""An INF or catalog file is listed in [SourceDisksFiles].

## What it does
Reports a `[SourceDisksFiles]` (or `[SourceDisksFiles.<arch>]`) entry that
names an `.inf` or `.cat` file.

## Why is this bad?
The INF and its catalog are the package's description and signature, not
files it installs: Windows copies them to the driver store itself. Listed as
source files, they make Inf2Cat hash the catalog into itself or the INF into
the package twice, and InfVerif rejects the catalog entry (1213).

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
learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksfiles-section; InfVerif 1213.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext

CODE = "PKG003"
NAME = "package-file-listed"
SEVERITY = "warning"
SCOPE = "package"

_KINDS = {".inf": "an INF file", ".cat": "a catalog"}


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    for listed in ctx.facts.listed_files:
        kind = _KINDS.get(listed.name.lower()[-4:])
        if kind is not None:
            yield ctx.report(
                listed.span,
                f"'{listed.name}' is {kind}, which Windows puts in the driver store itself; remove it from "
                f"[SourceDisksFiles{'.' + listed.architecture if listed.architecture else ''}]",
            )
