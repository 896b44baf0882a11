"""A file in the package folder that no INF there names (only when selected).

## What it does
Lists the files below a folder of INF files that none of them copies, names
as its catalog, or is. It runs only when selected (`--select PKG006`, or
`--select PKG`); it reports in the first INF of the folder, at its first line.

## Why is this bad?
A file nothing names is not signed and not installed: often a stale build, a
file meant for another architecture, or a name the INF misspells. Folders
also hold readme files and symbols, which is why this rule is not on by default.

## Example
```inf
; the folder holds contoso.sys, contoso_old.sys and contoso.inf, which copies contoso.sys only
```

## Use instead
```inf
; remove contoso_old.sys from the package folder, or copy it
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/driver-packages (a package holds what its INF names).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Span
from infcheck.engine import PackageContext

CODE = "PKG006"
NAME = "unreferenced-package-file"
SEVERITY = "warning"
SCOPE = "package"
BY_DEFAULT = False

_INF_SUFFIXES = (".inf", ".inx")


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    package = ctx.package
    if not package.infs or package.infs[0].path != ctx.facts.path:
        return  # once per folder
    named: set[str] = set()
    for inf in package.infs:
        for copy in inf.copies:
            located = package.locate(copy.relative_path)
            if located is not None:
                named.add(located.lower())
        named |= {name.lower() for name, _ in inf.catalog_files}
    for path in package.files():
        if path.lower() in named or path.lower().endswith(_INF_SUFFIXES):
            continue
        yield ctx.report(
            Span(1, 1, 1, 1), f"'{path}' is in the package folder, but no INF here copies it or names it as its catalog"
        )
