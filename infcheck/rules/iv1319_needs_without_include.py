"""A section Needs a section of another INF without including that INF.

## What it does
Reports a `Needs` value naming a section this INF does not define, in a
section that has no `Include` directive. When the needed section is one of
the well-known inbox sections (`WUDFRD.NT`, `WINUSB.NT`, `MsHidKmdf.NT`...),
the message names the INF to include.

## Why is this bad?
Windows looks up a needed section only in the INF itself and in the INFs the
same section includes; an `Include` in another section does not count. The
needed part of the installation (often the service that drives the device)
is then silently skipped. InfVerif rejects the INF.

## Example
```inf
[Contoso_Install.NT.Services]
Needs = WUDFRD.NT.Services
```

## Use instead
```inf
[Contoso_Install.NT.Services]
Include = wudfrd.inf
Needs   = WUDFRD.NT.Services
```

## Source
InfVerif 1319; learn.microsoft.com/windows-hardware/drivers/install/inf-needs-directive,
learn.microsoft.com/windows-hardware/drivers/install/inf-include-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._needs import inbox_file_for, included_files, needs

CODE = "IV1319"
NAME = "needs-without-include"
SEVERITY = "error"
INFVERIF = (1319,)
TRIGGERS = ("needs",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    for need in needs(ctx.index):
        if document.has_section(need.target) or included_files(ctx.index, need.section):
            continue
        file = inbox_file_for(need.target)
        include = f"Include = {file}" if file else "an Include of the INF that defines it"
        yield ctx.report(
            need.value.span,
            f"[{need.target}] is not in this INF and [{need.section.name}] includes no INF; add {include} "
            "to this section",
        )
