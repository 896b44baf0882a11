"""The same section is defined twice.

## What it does
Reports a section defined more than once, on the first of its headers (where
InfVerif reports it), naming the lines of the other copies; names compare
without regard to case.

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

_LISTED = 5  # lines of further copies a message names


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    keys = document.section_keys()
    if len(keys) == len(document.sections):
        return  # each name once: nearly every file
    for key in keys:
        occurrences = document.sections_named(key)
        if len(occurrences) < 2:
            continue
        first = occurrences[0]
        others = [section.line for section in occurrences[1:]]
        named = [str(line) for line in others[:_LISTED]]
        if len(others) > _LISTED:
            named.append(f"{len(others) - _LISTED} more")
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
        where = "line" if len(others) == 1 else "lines"
        yield ctx.report(
            first.header_span,
            f"section [{first.name}] is defined again on {where} {listed}; merge the copies into one",
        )
