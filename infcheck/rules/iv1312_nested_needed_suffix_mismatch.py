"""A section reached through Needs itself Needs a section with another suffix.

## What it does
Reports a `Needs` value in a section that is itself reached through `Needs`,
when the section it names carries another install-family suffix than the
one the chain started with (the suffix of the section that needs the holding
section).

## Why is this bad?
The whole chain of needed sections runs as the kind of section the first one
is: a `.Services` section needed from a `.HW` section's chain runs as
hardware settings. InfVerif rejects the INF.

## Example
```inf
[Contoso_Install.NT.HW]
Needs = Common.HW
[Common.HW]
Needs = Shared.Services
```

## Use instead
```inf
[Contoso_Install.NT.HW]
Needs = Common.HW
[Common.HW]
Needs = Shared.HW
```

## Source
InfVerif 1312; learn.microsoft.com/windows-hardware/drivers/install/inf-needs-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._needs import suffix_mismatches, written

CODE = "IV1312"
NAME = "nested-needed-suffix-mismatch"
SEVERITY = "error"
INFVERIF = (1312,)
TRIGGERS = ("needs",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for mismatch in suffix_mismatches(ctx.index):
        if mismatch.code != 1312:
            continue
        need = mismatch.need
        parent = mismatch.parent.name if mismatch.parent is not None else ""
        has = f"'{written(mismatch.expected)}'" if mismatch.expected else "no suffix"
        yield ctx.report(
            need.value.span,
            f"[{need.target}] has the suffix '{written(mismatch.found)}', but [{need.section.name}] runs as part of "
            f"[{parent}], which has {has}; need a section of that kind",
        )
