"""A LayoutFile directive in a display driver INF.

## What it does
In an INF of the Display setup class (by `Class` or `ClassGuid`), reports
the `LayoutFile` directive of the [Version] section.

This is the one directive Microsoft's display driver pages name as not to be
used in a display INF; which other directives InfVerif refuses there is not
documented, so they are left to it.

## Why is this bad?
`LayoutFile` points Windows at the layout of the system's own installation
media. Microsoft's display INF requirements say a display driver must not
reference Layout.inf: a third-party package names its own files in
[SourceDisksFiles] instead, and InfVerif flags the directive.

## Example
```inf
[Version]
Signature = "$Windows NT$"
Class = Display
LayoutFile = layout.inf
```

## Use instead
```inf
[Version]
Signature = "$Windows NT$"
Class = Display
CatalogFile = contoso.cat
```

## Source
InfVerif 2603; learn.microsoft.com/windows-hardware/drivers/display/-version--section-directives
and .../display/omitting-layoutfile-and-catalogfile-information.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._display import is_display_inf

CODE = "IV2603"
NAME = "layout-file-in-display-inf"
SEVERITY = "warning"
INFVERIF = (2603,)
TRIGGERS = ("layoutfile",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not is_display_inf(ctx.index):
        return
    for section in ctx.document.sections_named("version"):
        for entry in section.entries:
            if entry.key_lower != "layoutfile":
                continue
            yield ctx.report(
                entry.key_span or entry.span,
                "a display driver INF must not use LayoutFile; remove it and list the package's files in "
                "[SourceDisksNames] and [SourceDisksFiles]",
            )
