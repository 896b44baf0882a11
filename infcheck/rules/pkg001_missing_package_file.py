r"""A file the INF copies is not in the package folder where the INF says it is.

## What it does
For each file a `CopyFiles` directive copies, joins the `[SourceDisksNames]`
path of its disk, its `[SourceDisksFiles]` subdirectory and its name, and
looks for that file below the INF's folder, in any letter case as Windows
does. When it is not there, the finding names the file the INF probably
meant: one of the same name elsewhere in the package, or one whose name
differs by a small typo.

Package rules run when infcheck checks files or folders on disk, not on
standard input.

## Why is this bad?
Inf2Cat and the Windows installer read the files from exactly that place. A
missing or misplaced file fails the catalog build, often only on the signing
machine, or installs a package that is not complete.

## Example
```inf
[Driver_Files]
contoso.sys            ; the package holds amd64\contoso.sys
[SourceDisksNames]
1 = %Disk%
[SourceDisksFiles]
contoso.sys = 1
```

## Use instead
```inf
[SourceDisksNames]
1 = %Disk%,,,\amd64
[SourceDisksFiles]
contoso.sys = 1
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksnames-section and
inf-sourcedisksfiles-section (paths are relative to the distribution root, the INF's folder).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext

CODE = "PKG001"
NAME = "missing-package-file"
SEVERITY = "error"
SCOPE = "package"


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    if ctx.facts.is_stampinf_source:
        return  # an .inx file or an INF stampinf still fills in: a template, built into a package elsewhere
    reported: set[tuple[object, str]] = set()
    for copy in ctx.facts.copies:
        key = (copy.span, copy.relative_path.lower())
        if key in reported or not copy.relative_path:
            continue
        reported.add(key)
        if ctx.package.locate(copy.relative_path) is not None:
            continue
        nearest = ctx.package.nearest(copy.relative_path)
        hint = f"; the package has '{nearest}': fix the name or path in the INF, or move the file" if nearest else ""
        if copy.relative_path.lower() == copy.name.lower():
            where = "the INF's folder, where [SourceDisksFiles] and [SourceDisksNames] place it"
        else:
            where = (
                f"'{copy.relative_path}', where [{copy.listed_section}] and [SourceDisksNames] place it "
                "(relative to the INF's folder)"
            )
        yield ctx.report(copy.span, f"'{copy.name}' is not in {where}{hint}")
