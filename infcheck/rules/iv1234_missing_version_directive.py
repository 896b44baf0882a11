"""A device or primitive INF leaves out Provider, Class or ClassGuid.

## What it does
In an INF that installs devices (it has `[Manufacturer]`) or a primitive
driver (it has `[DefaultInstall...]` sections), reports each of `Provider`,
`Class` and `ClassGuid` that `[Version]` leaves out or leaves empty after
string substitution. The finding points at the `[Version]` header.

## Why is this bad?
Windows files a PnP driver under its setup class and shows the provider in
Device Manager and in driver ranking. InfVerif requires all three directives
for these INFs and rejects the package without them.

## Example
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Sensor
CatalogFile = contoso.cat
```

## Use instead
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Sensor
ClassGuid   = {5175d334-c371-4806-b3ba-71fd53c9258d}
Provider    = %Contoso%
CatalogFile = contoso.cat
```

## Source
InfVerif 1234; learn.microsoft.com/windows-hardware/drivers/install/inf-version-section;
learn.microsoft.com/windows-hardware/drivers/develop/creating-a-primitive-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1234"
NAME = "missing-version-directive"
SEVERITY = "error"
INFVERIF = (1234,)
# It reports only on a device INF ([Manufacturer]) or a primitive one ([DefaultInstall...]).
TRIGGERS = ("[defaultinstall]", "[defaultuninstall]", "[manufacturer]")

_REQUIRED = ("Provider", "Class", "ClassGuid")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    index = ctx.index
    version = index.version
    if not version.sections:
        return
    if not index.is_device_inf and not package_model(index).primitive_sections:
        return
    for directive in _REQUIRED:
        text = version.text(directive)
        if not text or not text.strip('"').strip():
            state = "is empty" if text is not None else "is missing"
            yield ctx.report(
                version.sections[0].name_span,
                f"[Version] {directive} {state}; a driver INF must name its {_WHAT[directive]}",
            )


_WHAT = {
    "Provider": "provider (the organization that wrote it)",
    "Class": "setup class",
    "ClassGuid": "setup class GUID",
}
