r"""An extension INF has no ExtensionId.

## What it does
In an INF whose `[Version]` section sets `Class = Extension` (or the
Extension class GUID), reports the missing `ExtensionId` directive. The
finding points at the `Class` (or `ClassGuid`) value.

## Why is this bad?
Windows identifies an extension INF, and replaces its older versions, by its
ExtensionId. Without one the extension cannot be installed, and InfVerif
rejects the INF.

## Example
```inf
[Version]
Signature = "$Windows NT$"
Class     = Extension
ClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}
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
InfVerif 1381; learn.microsoft.com/windows-hardware/drivers/install/using-an-extension-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import is_extension_inf

CODE = "IV1381"
NAME = "missing-extension-id"
SEVERITY = "error"
INFVERIF = (1381,)
# Only Class or ClassGuid make an extension INF, and the finding is reported on one of them.
TRIGGERS = ("class", "classguid")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    version = ctx.index.version
    if not is_extension_inf(ctx.index) or version.get("extensionid") is not None:
        return
    anchor = version.first_value("class") or version.first_value("classguid")
    if anchor is None:
        return
    yield ctx.report(
        anchor.span,
        "an extension INF needs ExtensionId = {GUID} in [Version]; generate a GUID and keep it for every "
        "version of this extension",
    )
