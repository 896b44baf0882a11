"""The driver is built on UMDF version 1.

## What it does
Reports a `UmdfLibraryVersion` whose major version is 1 (for example
`1.11.0`). stampinf placeholders such as `$UMDFVERSION$` are left alone.

## Why is this bad?
UMDF 1 is deprecated: it receives no new features and newer Windows versions
drop it. InfVerif rejects such a package in Windows Driver (`/w`) mode;
port the driver to UMDF 2, which shares its programming model with KMDF.

## Example
```inf
[Contoso_Install]
UmdfLibraryVersion = 1.11.0
```

## Use instead
```inf
[Contoso_Install]
UmdfLibraryVersion = 2.15.0
```

## Source
InfVerif 1402; learn.microsoft.com/windows-hardware/drivers/wdf/specifying-wdf-directives-in-inf-files.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1402"
NAME = "deprecated-umdf-version"
SEVERITY = "warning"
INFVERIF = (1402,)
TRIGGERS = ("umdflibraryversion",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in package_model(ctx.index).directive("umdflibraryversion"):
        value = entry.value(0)
        if value is None:
            continue
        version = value.resolved.strip().strip('"')
        if version.split(".", 1)[0].strip() != "1":
            continue
        yield ctx.report(
            value.span,
            f"UMDF version {version} is deprecated; port the driver to UMDF 2 and set UmdfLibraryVersion to 2.x",
        )
