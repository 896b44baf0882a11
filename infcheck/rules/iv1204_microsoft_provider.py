"""Provider names Microsoft.

## What it does
Reports a `Provider` in `[Version]` whose value, after string substitution,
begins with `Microsoft` (in any case).

## Why is this bad?
Provider names the organization that wrote the INF. Names starting with
Microsoft are kept for Microsoft's own INFs; InfVerif refuses a third-party
package that uses one, so it cannot be signed.

## Example
```inf
[Version]
Provider = %MSFT%
[Strings]
MSFT = "Microsoft"
```

## Use instead
```inf
[Version]
Provider = %Contoso%
[Strings]
Contoso = "Contoso Ltd."
```

## Source
InfVerif 1204; learn.microsoft.com/windows-hardware/drivers/install/inf-version-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1204"
NAME = "microsoft-provider"
SEVERITY = "error"
INFVERIF = (1204,)
# The Provider line of [Version].
TRIGGERS = ("provider",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    value = ctx.index.version.first_value("provider")
    if value is None:
        return
    provider = value.resolved.strip().strip('"')
    if provider.lower().startswith("microsoft"):
        yield ctx.report(
            value.span,
            f"Provider '{provider}' names Microsoft; write the name of the organization that authored this INF",
        )
