"""A WDF service-install section does not say which framework version it needs.

## What it does
Reports a `KmdfService` or `UmdfService` directive whose section (the second
field) exists but has no `KmdfLibraryVersion` (for `KmdfService`) or
`UmdfLibraryVersion` (for `UmdfService`) directive. The finding is on the
section name in the directive.

## Why is this bad?
Windows reads the framework version a driver was built with from this
directive to bind the driver to a framework library; without it the
installation fails. InfVerif rejects the INF.

## Example
```inf
[Contoso_Install.NT.Wdf]
KmdfService = contoso, Contoso_WdfSect
[Contoso_WdfSect]
```

## Use instead
```inf
[Contoso_Install.NT.Wdf]
KmdfService = contoso, Contoso_WdfSect
[Contoso_WdfSect]
KmdfLibraryVersion = $KMDFVERSION$
```

## Source
InfVerif 1084; learn.microsoft.com/windows-hardware/drivers/wdf/specifying-wdf-directives-in-inf-files.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model, wdf_services

CODE = "IV1084"
NAME = "missing-wdf-library-version"
SEVERITY = "error"
INFVERIF = (1084,)
TRIGGERS = ("kmdfservice", "umdfservice")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    for service in wdf_services(model):
        section = service.install_section
        value = service.entry.value(1)
        if section is None or value is None or not model.document.has_section(section):
            continue
        required = f"{service.kind.capitalize()}LibraryVersion"
        if model.directives_in(section, required):
            continue
        directive = f"{service.kind.capitalize()}Service"
        yield ctx.report(
            value.span,
            f"[{section}] has no {required} for {directive} '{service.name}'; "
            f"add {required} = <the framework version the driver was built with>",
        )
