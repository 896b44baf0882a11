"""The same section is defined twice.

## What it does
Reports every header after the first that names an existing section; names
compare without regard to case.

## Why is this bad?
Windows merges the entries of same-named sections, so an edit to one copy can
silently interact with the other, and InfVerif rejects the file outright
(error 1209). Duplicates usually come from a merge or a copy and paste.

## Example
```inf
[Strings]
DeviceDesc = "Contoso Sensor"

[strings]
ProviderName = "Contoso"
```

## Use instead
```inf
[Strings]
DeviceDesc = "Contoso Sensor"
ProviderName = "Contoso"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files;
InfVerif 1209.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "INF004"
NAME = "duplicate-section"
SEVERITY = "error"
INFVERIF = (1209,)  # the InfVerif codes this rule mirrors


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    for key in document.section_keys():
        occurrences = document.sections_named(key)
        if len(occurrences) < 2:
            continue
        first = occurrences[0]
        for section in occurrences[1:]:
            yield ctx.report(
                section.header_span,
                f"section [{section.name}] is already defined on line {first.line}; merge the two",
            )
