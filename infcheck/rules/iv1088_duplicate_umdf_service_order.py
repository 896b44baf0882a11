"""A [DDInstall.Wdf] section gives UmdfServiceOrder more than once.

## What it does
Reports every `UmdfServiceOrder` directive after the first in the same
section. A second `FeatureScore` in one section is TGT007's; other
directives Microsoft does not document as once-only are left alone.

## Why is this bad?
Microsoft's WDF directive reference requires exactly one `UmdfServiceOrder`
in a WDF-specific DDInstall section for the UMDF drivers to be installed on
the device stack; with two, which order applies is not defined.

## Example
```inf
[Echo_Device.NT.Wdf]
UmdfService      = Echo, Echo_Service
UmdfService      = EchoFilter, EchoFilter_Service
UmdfServiceOrder = Echo
UmdfServiceOrder = EchoFilter
```

## Use instead
```inf
[Echo_Device.NT.Wdf]
UmdfService      = Echo, Echo_Service
UmdfService      = EchoFilter, EchoFilter_Service
UmdfServiceOrder = Echo, EchoFilter
```

## Source
InfVerif 1088; learn.microsoft.com/windows-hardware/drivers/wdf/specifying-wdf-directives-in-inf-files
("only one UmdfServiceOrder directive must be present in any given WDF-specific DDInstall section").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import rare_directive

CODE = "IV1088"
NAME = "duplicate-umdf-service-order"
SEVERITY = "error"
INFVERIF = (1088,)
TRIGGERS = ("umdfserviceorder",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    orders = rare_directive(ctx.index, "umdfserviceorder")
    if len(orders) < 2:
        return
    seen: set[str] = set()
    for entry in orders:
        section = entry.section
        if section is None:
            continue
        if section.key not in seen:
            seen.add(section.key)
            continue
        yield ctx.report(
            entry.key_span or entry.span,
            f"[{section.name}] already gives UmdfServiceOrder; list every UMDF service in one "
            "UmdfServiceOrder directive, lowest in the stack first",
        )
