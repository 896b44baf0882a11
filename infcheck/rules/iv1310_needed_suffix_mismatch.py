"""A Needs names a section with another suffix than the section holding it.

## What it does
Reports a `Needs` value naming a section whose install-family suffix (`.HW`,
`.Services`, `.CoInstallers`, `.Filters`...) differs from the suffix of the
section that holds the `Needs`, or a suffixed section needed from a section
without one.

## Why is this bad?
`Needs` runs the named section as if it were part of the holding one, so the
two must be of the same kind: services needed from a `.HW` section, or a
`.Services` section needed from the DDInstall section itself, are processed
as the wrong kind of section. InfVerif rejects the INF.

## Example
```inf
[Contoso_Install.NT.HW]
Include = wudfrd.inf
Needs   = WUDFRD.NT.Services
```

## Use instead
```inf
[Contoso_Install.NT.HW]
Include = wudfrd.inf
Needs   = WUDFRD.NT.HW
```

## Source
InfVerif 1310; learn.microsoft.com/windows-hardware/drivers/install/inf-needs-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._needs import suffix_mismatches, written

CODE = "IV1310"
NAME = "needed-suffix-mismatch"
SEVERITY = "error"
INFVERIF = (1310,)
TRIGGERS = ("needs",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for mismatch in suffix_mismatches(ctx.index):
        if mismatch.code != 1310:
            continue
        need = mismatch.need
        holding = need.section.name
        has = f"'{written(mismatch.expected)}'" if mismatch.expected else "no suffix"
        yield ctx.report(
            need.value.span,
            f"[{need.target}] has the suffix '{written(mismatch.found)}' but [{holding}], which needs it, has {has}; "
            "need the section of the same kind, or move the Needs to a section of that kind",
        )
