"""A Needs in a suffixed section names a section without that suffix.

## What it does
Reports a `Needs` value in a section with an install-family suffix (`.HW`,
`.Services`...) that names a section without any such suffix.

## Why is this bad?
`Needs` runs the named section as part of the holding one. From a
`.Services` section, needing a plain DDInstall section would run its file
copies and registry writes as if they were services. InfVerif rejects the
INF.

## Example
```inf
[Contoso_Install.NT.Services]
Include = wudfrd.inf
Needs   = WUDFRD.NT
```

## Use instead
```inf
[Contoso_Install.NT.Services]
Include = wudfrd.inf
Needs   = WUDFRD.NT.Services
```

## Source
InfVerif 1311; learn.microsoft.com/windows-hardware/drivers/install/inf-needs-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._needs import suffix_mismatches, written

CODE = "IV1311"
NAME = "needed-suffix-missing"
SEVERITY = "error"
INFVERIF = (1311,)
TRIGGERS = ("needs",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for mismatch in suffix_mismatches(ctx.index):
        if mismatch.code != 1311:
            continue
        need = mismatch.need
        yield ctx.report(
            need.value.span,
            f"[{need.target}] has no suffix but [{need.section.name}], which needs it, has '{written(mismatch.expected)}'; "
            f"need [{need.target}{written(mismatch.expected)}] instead",
        )
