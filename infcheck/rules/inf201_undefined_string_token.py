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

CODE = "INF201"
NAME = "undefined-string-token"
SEVERITY = "error"


def check(ctx):
    document = ctx.document
    strings = None
    # One scan of the whole text finds every token; the grammar never lets a token cross a line.
    for match in document.syntax.token_pattern.finditer(document.text):
        name = match.group()[1:-1]
        if not name or name.isdigit():
            continue
        entry = document.entry_at(match.start())
        if entry is None or entry.section is None or entry.section.is_strings:
            continue
        if strings is None:
            strings = document.strings
        if not strings.defines(name):
            yield ctx.report(
                document.span(match.start(), match.end()),
                f"%{name}% is not defined in [Strings]; write %% for a literal percent sign",
            )
