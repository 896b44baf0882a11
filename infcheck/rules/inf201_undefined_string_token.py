r"""A %strkey% token has no definition in [Strings].

## What it does
Reports every `%token%` outside the `[Strings]` sections that no `[Strings]`
or `[Strings.LanguageID]` section defines. Numeric tokens such as `%13%` are
directory IDs and are not string tokens; `%%` is a literal percent sign.

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

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import SectionContext

CODE = "INF201"
NAME = "undefined-string-token"
SEVERITY = "error"
INFVERIF = (1235,)  # the InfVerif codes this rule mirrors
SCOPE = "section"


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    for entry in ctx.entries:
        section = entry.section
        if section is None or section.is_strings:
            continue
        for token in entry.tokens:
            if token.name.isdigit():
                continue
            if not ctx.defines(token.name):
                yield ctx.report(
                    ctx.span(token.start, token.end),
                    f"%{token.name}% is not defined in [Strings]; write %% for a literal percent sign",
                )
