"""Two INF files in one folder name the same catalog.

## What it does
Reports a `CatalogFile` (or `CatalogFile.<decoration>`) name that another INF
file in the same folder also gives.

## Why is this bad?
Inf2Cat writes one catalog per name: the second INF's run replaces the
first's catalog, or one catalog ends up signing files of two packages, and
the INF whose catalog was replaced fails signature checks when it installs.

## Example
```inf
; audio.inf and midi.inf, side by side:
CatalogFile = contoso.cat
```

## Use instead
```inf
; audio.inf
CatalogFile = contoso_audio.cat
; midi.inf
CatalogFile = contoso_midi.cat
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-version-section (CatalogFile: unique per INF).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext

CODE = "PKG005"
NAME = "shared-catalog-file"
SEVERITY = "error"
SCOPE = "package"


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    facts = ctx.facts
    others = [inf for inf in ctx.package.infs if inf.path != facts.path]
    for name, span in facts.catalog_files:
        sharing = sorted(
            inf.file_name for inf in others if any(n.lower() == name.lower() for n, _ in inf.catalog_files)
        )
        if sharing:
            yield ctx.report(
                span,
                f"catalog '{name}' is also named by {', '.join(sharing)} in this folder; give each INF a catalog of its own",
            )
