r"""A %strkey% token has no definition in [Strings].

## What it does
Reports every `%token%` outside the `[Strings]` sections that no `[Strings]`
or `[Strings.LanguageID]` section defines. Numeric tokens such as `%13%` are
directory IDs and are not string tokens; `%%` is a literal percent sign. A
lone `%` that no second `%` closes is reported too (InfVerif calls its token
`(null)`).

## Why is this bad?
Windows leaves an undefined token in place, so the device ends up with a name
like `%DeviceDesc%` or a registry value holding `%SystemRoot%` literally.
InfVerif reports error 1235. To write a literal percent sign, double it.

## Example
```inf
[Contoso_Install.AddReg]
HKR,,EventMessageFile,0x00020000,"%SystemRoot%\System32\IoLogMsg.dll"
```

## Use instead
```inf
[Contoso_Install.AddReg]
HKR,,EventMessageFile,0x00020000,"%%SystemRoot%%\System32\IoLogMsg.dll"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-strings-section; InfVerif 1235.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Entry
from infcheck.engine import SectionContext

CODE = "INF201"
NAME = "undefined-string-token"
SEVERITY = "error"
INFVERIF = (1235,)  # the InfVerif codes this rule mirrors
SCOPE = "section"

# A doubled percent sign, a token, or a percent sign that nothing closes (the last alternative).
_PERCENT = re.compile(r'%%|%[^%\r\n,"]*%|%')


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    for entry in ctx.entries:
        section = entry.section
        if section is None or section.is_strings:
            continue
        yield from _lone_percent_signs(ctx, entry)
        for token in entry.tokens:
            if token.name.isdigit():
                continue
            if not ctx.defines(token.name):
                yield ctx.report(
                    ctx.span(token.start, token.end),
                    f"%{token.name}% is not defined in [Strings]; write %% for a literal percent sign",
                )


def _lone_percent_signs(ctx: SectionContext, entry: Entry) -> Iterator[Diagnostic]:
    text = entry.document.text
    if text.find("%", entry.start, entry.end) < 0:
        return  # most entries hold no percent sign at all
    # The key, then everything after its '=': a token cannot run across '=', a comma, a quote or a
    # line end, so scanning the values' whole stretch finds what scanning each value would, without
    # splitting the entry into values (which a huge registry section would pay for in memory).
    key = entry.key_bounds
    if key is None:
        bounds = [(entry.start, entry.end)]
    else:
        bounds = [key, (text.index("=", key[1]) + 1, entry.end)]
    for start, end in bounds:
        for match in _PERCENT.finditer(text, start, end):
            if match.end() - match.start() == 1:
                yield ctx.report(
                    ctx.span(match.start(), match.end()),
                    "this '%' starts a string token that no '%' closes; write %% for a literal percent sign",
                )
