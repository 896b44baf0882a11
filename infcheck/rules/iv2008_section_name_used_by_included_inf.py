"""A section of this INF has the name of a section of an INF it includes.

## What it does
Reports the header of a section whose name is also the name of a section of
an inbox INF this INF includes (with `Include` in any section), for the
sections Microsoft's pages and driver samples show in inbox INF files such as
wudfrd.inf, ks.inf, wdmaudio.inf, usbvideo.inf or keyboard.inf (the table is
`infcheck/knowledge/inbox_infs.py`, with a source per section). Sections of
inbox INF files that infcheck does not know are left to InfVerif.

## Why is this bad?
A `Needs` value is looked up both in this INF and in the included ones, so a
section with the same name in both makes it unclear which one Windows
processes; a copy of an inbox section also stops following the inbox INF when
Windows changes it. InfVerif rejects the INF.

## Example
```inf
[Contoso_Install.NT.Services]
Include = wudfrd.inf
Needs   = WUDFRD.NT.Services

[WUDFRD.NT.Services]
AddService = WUDFRd, 0x000001fa, WUDFRD_ServiceInstall
```

## Use instead
```inf
[Contoso_Install.NT.Services]
Include = wudfrd.inf
Needs   = WUDFRD.NT.Services
```

## Source
InfVerif 2008; learn.microsoft.com/windows-hardware/drivers/install/inf-needs-directive,
learn.microsoft.com/windows-hardware/drivers/install/inf-include-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._inbox import inbox_file_defining, included_files

CODE = "IV2008"
NAME = "section-name-used-by-included-inf"
SEVERITY = "error"
INFVERIF = (2008,)
TRIGGERS = ("include",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    included = included_files(ctx.index)
    if not included:
        return
    for section in ctx.document.sections:
        file = inbox_file_defining(section.name, included)
        if file is None:
            continue
        yield ctx.report(
            section.name_span,
            f"{file}, which this INF includes, also has a section [{section.name}]; rename this one, "
            "or drop it and take the inbox one with Needs",
        )
