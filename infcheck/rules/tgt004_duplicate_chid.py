"""The same CHID is listed twice in [TargetComputers].

## What it does
Reports a CHID that appears again in `[TargetComputers]` (compared without
regard to case or braces).

## Why is this bad?
A repeated CHID changes nothing for Windows, but it usually means a copy and
paste replaced the CHID that should have been there, leaving one of the
intended systems out of the targeting: neither PnP nor Windows Update (which
Partner Center limits to the same list) will ever give it the driver.

## Example
```inf
[TargetComputers]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}
{C4159F74-3D2C-526F-B6D1-FE24A2FBC881}
```

## Use instead
```inf
[TargetComputers]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}
{6de5d951-d755-576b-bd09-c5cf66b27234}
```

## Source
Driver publishing workflow for Windows 10, section 3.3.1.1.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.guids import normalize_guid
from infcheck.rules._targeting import target_computers_entries

CODE = "TGT004"
NAME = "duplicate-chid"
SEVERITY = "warning"
INFVERIF = (1294,)  # the InfVerif codes this rule mirrors
TRIGGERS = ("[targetcomputers]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    first_line: dict[str, int] = {}
    for entry in target_computers_entries(ctx):
        if entry.key is not None or len(entry.values) != 1:
            continue
        value = entry.values[0]
        chid = normalize_guid(value.resolved)
        if chid is None:
            continue
        if chid in first_line:
            yield ctx.report(value.span, f"CHID {{{chid}}} is already listed on line {first_line[chid]}")
        else:
            first_line[chid] = entry.line
