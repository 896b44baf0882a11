"""The INF has more than one [TargetComputers] section, or a decorated one.

## What it does
Reports every `[TargetComputers]` header after the first, and any decorated
variant such as `[TargetComputers.NTamd64]`.

## Why is this bad?
Installation targeting is one INF-wide list: Windows reads a single
`[TargetComputers]` section and does not recognise platform decorations on
it. A decorated section is silently ignored, so the package is not restricted
the way its author believes, and a second section hides where the list ends.
Partner Center reads the same section to limit Windows Update distribution, so
the shipping label reaches the wrong set of systems.

## Example
```inf
[TargetComputers.NTamd64]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}
```

## Use instead
```inf
[TargetComputers]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}
```

## Source
Driver publishing workflow for Windows 10, section 3.3.1.1: "there is at most one
constraint section per INF and the constraint applies to the entire INF".
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._targeting import TARGET_COMPUTERS

CODE = "TGT002"
NAME = "multiple-target-computers"
SEVERITY = "error"
TRIGGERS = ("[targetcomputers]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    first = None
    for section in ctx.index.target_computers_sections:
        if section.key != TARGET_COMPUTERS:
            yield ctx.report(
                section.name_span,
                f"[{section.name}] is not recognised: [TargetComputers] takes no decoration and applies to the whole INF",
            )
        elif first is None:
            first = section
        else:
            yield ctx.report(
                section.header_span,
                f"[TargetComputers] is already defined on line {first.line}; keep one list of CHIDs",
            )
