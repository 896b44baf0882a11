r"""The ExtensionId in [Version] is not a braced GUID.

## What it does
Reports the `ExtensionId` value of `[Version]` when, after string
substitution, it is not written `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.

## Why is this bad?
Windows tells the versions of one extension INF apart by this GUID: a newer
package with the same ExtensionId replaces the older one. A value that is not
a GUID cannot be compared, and InfVerif rejects it.

## Example
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Extension
ClassGuid   = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}
ExtensionId = Contoso-Extension-1
```

## Use instead
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Extension
ClassGuid   = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}
ExtensionId = {9b2b7f1c-4b4a-4d4e-9f1a-2c3d4e5f6a7b}
```

## Source
InfVerif 1380; learn.microsoft.com/windows-hardware/drivers/install/using-an-extension-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.guids import BRACED_GUID

CODE = "IV1380"
NAME = "invalid-extension-id"
SEVERITY = "error"
INFVERIF = (1380,)
TRIGGERS = ("extensionid",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    value = ctx.index.version.first_value("extensionid")
    if value is None:
        return
    text = value.resolved.strip().strip('"')
    if "%" not in text and not BRACED_GUID.match(text):
        yield ctx.report(
            value.span if not value.is_empty else value.entry.span,
            f"ExtensionId '{text}' is not a GUID in braces; generate one (keep it across versions of this "
            "extension) and write it as {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}",
        )
