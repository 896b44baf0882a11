r"""A Models entry names no install section.

## What it does
Reports a Models entry, `device-description = install-section, hw-id...`,
whose install-section field is empty.

## Why is this bad?
Windows matches the device but has no DDInstall section to install it from,
so the device gets no driver from this INF. InfVerif rejects the entry.

## Example
```inf
[Contoso.NTamd64]
%Contoso.DeviceDesc% = , PCI\VEN_1234&DEV_5678
```

## Use instead
```inf
[Contoso.NTamd64]
%Contoso.DeviceDesc% = Contoso_Install, PCI\VEN_1234&DEV_5678
```

## Source
InfVerif 1271; learn.microsoft.com/windows-hardware/drivers/install/inf-models-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1271"
NAME = "install-section-missing"
SEVERITY = "error"
INFVERIF = (1271,)
# Models entries are read from the sections [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for models_entry in ctx.index.models_entries:
        if models_entry.install_name is not None:
            continue
        entry = models_entry.entry
        span = models_entry.install.span if models_entry.install is not None else entry.span
        yield ctx.report(span, "this Models entry names no install section; write the DDInstall section's name first")
