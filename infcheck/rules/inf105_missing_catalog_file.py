"""[Version] names no catalog file.

## What it does
Reports a `[Version]` section without any `CatalogFile` directive (plain or
platform-decorated), or with an empty one.

## Why is this bad?
The catalog carries the package's signature. Without `CatalogFile` Windows
treats the driver as unsigned (it ranks below every signed driver and its
DriverVer date is not shown), and the package cannot be signed through
Partner Center. InfVerif reports error 1233.

## Example
```inf
[Version]
Signature = "$Windows NT$"
Class     = Sensor
```

## Use instead
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Sensor
CatalogFile = contoso_sensor.cat
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-version-section; InfVerif 1233.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "INF105"
NAME = "missing-catalog-file"
SEVERITY = "error"
INFVERIF = (1233,)  # the InfVerif codes this rule mirrors
TRIGGERS = ("[version]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    version = ctx.index.version
    if not version.sections:
        return
    catalogs = [
        entry for entry in version.catalog_entries if (value := entry.value(0)) is not None and not value.is_empty
    ]
    if not catalogs:
        yield ctx.report(
            version.sections[0].header_span,
            "[Version] names no CatalogFile, so the package cannot be signed; add CatalogFile = name.cat",
        )
