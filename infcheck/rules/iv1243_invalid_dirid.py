r"""A [DestinationDirs] entry gives a DIRID that is not a number.

## What it does
Reports the first field of a `[DestinationDirs]` entry when, after string
substitution, it is not a decimal number (`-1`, an absolute path, is one).

## Why is this bad?
Windows resolves the destination of the files a file list copies from this
number; a name, a path or an empty field leaves the files without a
destination. InfVerif rejects it.

## Example
```inf
[DestinationDirs]
Contoso_Files = System32\drivers
```

## Use instead
```inf
[DestinationDirs]
Contoso_Files = 13
```

## Source
InfVerif 1243; learn.microsoft.com/windows-hardware/drivers/install/inf-destinationdirs-section,
using-dirids.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1243"
NAME = "invalid-dirid"
SEVERITY = "error"
INFVERIF = (1243,)
TRIGGERS = ("[destinationdirs]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in ctx.document.entries_in("destinationdirs"):
        if entry.key is None:
            continue
        value = entry.value(0)
        text = value.resolved.strip().strip('"') if value is not None else ""
        if "%" in text or (text.removeprefix("-").isdigit() and text.isascii()):
            continue
        yield ctx.report(
            value.span if value is not None and not value.is_empty else entry.span,
            f"DIRID '{text}' for {entry.key.strip()} is not a number; use a DIRID such as 13 (the driver store)",
        )
