"""A [TargetComputers] line is not exactly one {CHID}.

## What it does
Checks every non-empty, non-comment line of `[TargetComputers]`: it must be
one computer hardware ID written as a GUID in braces,
`{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`. A bare GUID, a `key = value` line,
two GUIDs on one line and a GUID with a wrong digit are reported. A bare GUID
comes with a fix that adds the braces.

## Why is this bad?
Installation targeting only works with well-formed CHIDs: a line Windows
cannot read is no CHID at all, so the package installs on fewer systems than
intended (or, if no line is valid, is not restricted at all), and Partner
Center derives the wrong distribution set from it.

## Example
```inf
[TargetComputers]
c4159f74-3d2c-526f-b6d1-fe24a2fbc881
{6de5d951-d755-576b-bd09-c5cf66b27234}, {f5ff077f-3eeb-5bae-be1c-e98ffe8ce5f8}
```

## Use instead
```inf
[TargetComputers]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}
{6de5d951-d755-576b-bd09-c5cf66b27234}
{f5ff077f-3eeb-5bae-be1c-e98ffe8ce5f8}
```

## Source
Driver publishing workflow for Windows 10, section 3.3.1.1 "How to add
installation targeting in INF": "each CHID must be a proper GUID, wrapped by
curly braces, on a new line".
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic, Edit, Fix
from infcheck.engine import DocumentContext
from infcheck.guids import BARE_GUID, BRACED_GUID
from infcheck.rules._targeting import target_computers_entries

CODE = "TGT001"
NAME = "chid-format"
SEVERITY = "error"
TRIGGERS = ("[targetcomputers]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in target_computers_entries(ctx):
        if entry.key is not None:
            yield ctx.report(entry.span, "a [TargetComputers] line is a {CHID} alone, not key = value")
            continue
        values = entry.values
        if len(values) > 1:
            yield ctx.report(entry.span, f"{len(values)} values on one line; write one {{CHID}} per line")
            continue
        value = values[0]
        text = value.resolved.strip()
        if BRACED_GUID.match(text):
            continue
        if BARE_GUID.match(text):
            fix = None
            if value.raw == text:
                fix = Fix("Wrap the CHID in braces", (Edit(value.span, f"{{{text}}}"),))
            yield ctx.report(value.span, f"CHID {text} must be wrapped in braces: {{{text}}}", fix)
        else:
            yield ctx.report(value.span, f"'{text}' is not a CHID; expected {{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}}")
