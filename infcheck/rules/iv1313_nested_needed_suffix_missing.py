"""A section reached through Needs itself Needs a section without the chain's suffix.

## What it does
Reports a `Needs` value in a section that is itself reached through `Needs`
from a suffixed section (`.HW`, `.Services`...), when the section it names
carries no suffix at all.

## Why is this bad?
The whole chain of needed sections runs as the kind of section the first one
is, so each needed section must carry that suffix; a plain section in a
`.Services` chain would run its directives as services. InfVerif rejects the
INF.

## Example
```inf
[Contoso_Install.NT.Services]
Needs = Common.Services
[Common.Services]
Needs = Shared
```

## Use instead
```inf
[Contoso_Install.NT.Services]
Needs = Common.Services
[Common.Services]
Needs = Shared.Services
```

## Source
InfVerif 1313; learn.microsoft.com/windows-hardware/drivers/install/inf-needs-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._needs import suffix_mismatches, written

CODE = "IV1313"
NAME = "nested-needed-suffix-missing"
SEVERITY = "error"
INFVERIF = (1313,)
TRIGGERS = ("needs",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for mismatch in suffix_mismatches(ctx.index):
        if mismatch.code != 1313:
            continue
        need = mismatch.need
        parent = mismatch.parent.name if mismatch.parent is not None else ""
        yield ctx.report(
            need.value.span,
            f"[{need.target}] has no suffix, but [{need.section.name}] runs as part of [{parent}] and so as "
            f"'{written(mismatch.expected)}'; need [{need.target}{written(mismatch.expected)}] instead",
        )
