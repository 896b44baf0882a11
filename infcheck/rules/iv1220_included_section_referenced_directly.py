"""A directive names a section of an included inbox INF directly, not through Needs.

## What it does
Reports a value of a section-naming directive (`CopyFiles`, `AddReg`,
`AddService`, ...) that names a section this INF does not define but that an
INF it includes is known to define: one of the sections Microsoft's pages and
driver samples Need from inbox INF files such as wudfrd.inf, ks.inf,
wdmaudio.inf, usbvideo.inf or netvwifibus.inf (the table is
`infcheck/knowledge/inbox_infs.py`, with a source per section). Sections of
inbox INF files that infcheck does not know are left to InfVerif.

## Why is this bad?
Windows processes a section of another INF only when a `Needs` directive names
it; other directives look their sections up in this INF alone. The copy,
registry or service step is then skipped, and InfVerif rejects the INF.

## Example
```inf
[Contoso_Install.NT]
Include = ks.inf
AddReg  = KS.Registration
```

## Use instead
```inf
[Contoso_Install.NT]
Include = ks.inf
Needs   = KS.Registration
```

## Source
InfVerif 1220; learn.microsoft.com/windows-hardware/drivers/install/inf-needs-directive,
learn.microsoft.com/windows-hardware/drivers/install/inf-include-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._inbox import inbox_file_defining, included_files

CODE = "IV1220"
NAME = "included-section-referenced-directly"
SEVERITY = "error"
INFVERIF = (1220,)
TRIGGERS = ("include",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    included = included_files(ctx.index)
    if not included:
        return
    document = ctx.document
    for reference in ctx.index.references:
        target = reference.target
        if reference.directive == "needs" or not target or document.has_section(target):
            continue
        file = inbox_file_defining(target, included)
        if file is None:
            continue
        holder = reference.entry.section
        where = f" in [{holder.name}]" if holder is not None else ""
        yield ctx.report(
            reference.value.span,
            f"[{target}] is a section of {file}, and {reference.entry.key} cannot name a section of an included "
            f"INF; take it with Needs = {target}{where} instead",
        )
