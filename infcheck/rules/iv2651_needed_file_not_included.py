"""A section Needs a well-known inbox section but includes other INFs.

## What it does
Reports a `Needs` value naming one of the well-known inbox sections
(`WUDFRD.NT...`, `WINUSB.NT...`, `MsHidKmdf.NT...`, `KS.Registration`...) in
a section whose `Include` directives do not name the INF that defines it.
Sections of INFs infcheck does not know are not judged.

## Why is this bad?
Windows looks a needed section up only in the INFs the same section
includes, so the needed installation step is silently skipped. InfVerif
rejects the INF.

## Example
```inf
[Contoso_Install.NT]
Include = netcxrd.inf
Needs   = WUDFRD.NT, netcxrd_Filter.NT
```

## Use instead
```inf
[Contoso_Install.NT]
Include = wudfrd.inf, netcxrd.inf
Needs   = WUDFRD.NT, netcxrd_Filter.NT
```

## Source
InfVerif 2651; learn.microsoft.com/windows-hardware/drivers/install/inf-include-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._needs import inbox_file_for, included_files, needs

CODE = "IV2651"
NAME = "needed-file-not-included"
SEVERITY = "error"
INFVERIF = (2651,)
TRIGGERS = ("needs",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    for need in needs(ctx.index):
        if document.has_section(need.target):
            continue
        included = included_files(ctx.index, need.section)
        file = inbox_file_for(need.target)
        if not included or file is None or file in included:
            continue
        yield ctx.report(
            need.value.span,
            f"[{need.target}] comes from {file}, which [{need.section.name}] does not include; "
            f"add {file} to its Include directive",
        )
