"""Text follows a section header on its line.

## What it does
Reports anything other than blanks or a `;` comment after the `]` of a
section header.

## Why is this bad?
Windows ignores the rest of a header line, so an entry written there (often a
line break lost in an edit) silently does nothing: `[Version] Signature=...`
leaves `[Version]` without its signature.

## Example
```inf
[Version] Signature = "$Windows NT$"
Class = Sensor
```

## Use instead
```inf
[Version]
Signature = "$Windows NT$"
Class = Sensor
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files;
the INF parser ignores everything after the closing bracket of a section name.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import SectionContext

CODE = "INF006"
NAME = "text-after-section-header"
SEVERITY = "warning"
SCOPE = "section"


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    for section in ctx.sections:
        if section.trailing is not None:
            yield ctx.report(
                ctx.span(*section.trailing),
                f"text after [{section.name}] is ignored by Windows; put it on a line of its own",
            )
