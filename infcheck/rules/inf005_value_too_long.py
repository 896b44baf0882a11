"""A field or a section name is longer than Windows accepts.

## What it does
Reports a key or value longer than 4096 characters before string
substitution, and a section name longer than 255 characters.

## Why is this bad?
SetupAPI reads fields into fixed buffers of 4096 characters and section names
into buffers of 255; longer ones are cut or make the INF fail to load.

## Example
```inf
[Strings]
LongText = "...five thousand characters..."
```

## Use instead
```inf
[Strings]
LongText = "...a shorter text, or the text split across several strings..."
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files
("INF size limits").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import SectionContext

CODE = "INF005"
NAME = "value-too-long"
SEVERITY = "error"
SCOPE = "section"

MAX_FIELD = 4096
MAX_SECTION_NAME = 255


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    for section in ctx.sections:
        if len(section.name) > MAX_SECTION_NAME:
            yield ctx.report(
                section.name_span,
                f"section name is {len(section.name)} characters long; the limit is {MAX_SECTION_NAME}",
            )
    entries = ctx.entries
    # Only a logical line longer than the limit can hold a field longer than it, and most files
    # are shorter than that altogether.
    if not entries or len(entries[0].document.text) <= MAX_FIELD:
        return
    for entry in [entry for entry in entries if entry.end - entry.start > MAX_FIELD and entry.section]:
        key = entry.key
        if key is not None and len(key) > MAX_FIELD:
            yield ctx.report(
                entry.key_span or entry.span, f"key is {len(key)} characters long; the limit is {MAX_FIELD}"
            )
        for value in entry.values:
            if len(value.text) > MAX_FIELD:
                yield ctx.report(value.span, f"value is {len(value.text)} characters long; the limit is {MAX_FIELD}")
