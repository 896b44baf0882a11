"""A line cannot be read as a section header or an entry.

## What it does
Reports lines the INF grammar cannot read: a section header without its
closing `]`, or a quoted string that is not closed before the end of the line.
The rest of the file is still checked.

## Why is this bad?
Windows stops reading a header at the line end and fails to load the file
(`ERROR_BAD_SECTION_NAME_LINE`), and an unclosed quote swallows the rest of the
line, including any `;` comment, into the value. Either way the INF does not
say what its author meant, and InfVerif reports error 1002.

## Example
```inf
[Strings
DeviceDesc = "Contoso Sensor
```

## Use instead
```inf
[Strings]
DeviceDesc = "Contoso Sensor"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files;
InfVerif 1002.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import SectionContext

CODE = "INF001"
NAME = "syntax-error"
SEVERITY = "error"
INFVERIF = (1002,)  # the InfVerif codes this rule mirrors
SCOPE = "section"


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    for issue in ctx.syntax_issues:
        yield ctx.report(ctx.span(issue.start, issue.end), f"cannot parse this line: {issue.reason}")
