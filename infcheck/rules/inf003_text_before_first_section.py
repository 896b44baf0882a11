"""Text appears before the first section header.

## What it does
Reports lines before the first `[section]` header that are not comments or
blank.

## Why is this bad?
Windows ignores everything before the first section, so such text is either
a comment written without its `;` or an entry that was meant to be inside a
section and silently does nothing.

## Example
```inf
Signature = "$Windows NT$"
[Version]
Class = Sensor
```

## Use instead
```inf
[Version]
Signature = "$Windows NT$"
Class = Sensor
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import SectionContext

CODE = "INF003"
NAME = "text-before-first-section"
SEVERITY = "warning"
SCOPE = "section"


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    for entry in ctx.preamble:
        yield ctx.report(entry.span, "text before the first section is ignored by Windows; make it a ';' comment")
