"""A [Strings.LanguageID] section lacks tokens that [Strings] defines.

## What it does
Compares every localized `[Strings.LanguageID]` section with the undecorated
`[Strings]` section and reports the tokens it does not define.

## Why is this bad?
On a system whose language matches, Windows takes every token from the
localized section, falling back to `[Strings]` only as a whole. Microsoft asks
for every localized section to repeat all tokens, constants included, and
InfVerif rejects sections with different string counts (error 1295).

## Example
```inf
[Strings]
ProviderName = "Contoso"
DeviceDesc   = "Contoso Sensor"

[Strings.0407]
DeviceDesc   = "Contoso Sensor (DE)"
```

## Use instead
```inf
[Strings]
ProviderName = "Contoso"
DeviceDesc   = "Contoso Sensor"

[Strings.0407]
ProviderName = "Contoso"
DeviceDesc   = "Contoso Sensor (DE)"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-strings-section; InfVerif 1295.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "INF202"
NAME = "localized-strings-mismatch"
SEVERITY = "error"
INFVERIF = (1295,)  # the InfVerif codes this rule mirrors
TRIGGERS = ("[strings]",)

_SHOWN = 5


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    strings = ctx.document.strings
    if not strings.base:
        return
    for language, table in strings.localized.items():
        missing = [strings.base[name].key or name for name in strings.base if name not in table]
        if not missing:
            continue
        listed = ", ".join(missing[:_SHOWN]) + (f" and {len(missing) - _SHOWN} more" if len(missing) > _SHOWN else "")
        section = strings.localized_sections[language][0]
        yield ctx.report(
            section.header_span,
            f"[{section.name}] lacks {len(missing)} token{'s' if len(missing) != 1 else ''} defined in [Strings]: {listed}",
        )
