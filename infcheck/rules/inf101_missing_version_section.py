"""The file has no [Version] section.

## What it does
Reports an INF file without a `[Version]` section.

## Why is this bad?
Windows only treats a file as an INF when `[Version]` carries a valid
`Signature`; without it nothing in the file is installed, and InfVerif stops
at error 1001.

A header with blanks inside its brackets, such as `[ Version ]`, names another
section: Windows keeps the blanks as part of the name. The finding then points
at that header.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64
```

## Use instead
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Sensor
ClassGuid   = {5175d334-c371-4806-b3ba-71fd53c9258d}
Provider    = %Contoso%
CatalogFile = contoso.cat
DriverVer   = 06/01/2026,1.0.0.0
PnpLockdown = 1

[Manufacturer]
%Contoso% = Contoso, NTamd64
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-version-section; InfVerif 1001.
Blanks in section names: the Wine project's setupapi parser tests (wine-mirror/wine,
dlls/setupapi/tests/parser.c, `section_names`), which pass on Windows.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "INF101"
NAME = "missing-version-section"
SEVERITY = "error"
INFVERIF = (1001,)  # the InfVerif codes this rule mirrors


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    if document.has_section("version"):
        return
    # Windows keeps blanks inside the brackets, so "[ Version ]" names another section.
    spaced = next((section for section in document.sections if section.key.strip(" \t") == "version"), None)
    if spaced is not None:
        yield ctx.report(
            spaced.name_span,
            f"the file has no [Version] section: the blanks inside [{spaced.name}] are part of its name, "
            "so Windows will not read the file as an INF; write [Version]",
        )
        return
    yield ctx.report(document.start_span, "the file has no [Version] section, so Windows will not read it as an INF")
