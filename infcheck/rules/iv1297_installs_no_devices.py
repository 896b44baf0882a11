r"""A device INF lists no device IDs at all.

## What it does
Reports the `[Manufacturer]` header of an INF whose Models sections, taken
together, list no hardware or compatible ID: every Models section is empty
or missing, or its entries name only an install section. One empty Models
section beside others that list IDs is fine (that is how an INF leaves out
an OS version).

## Why is this bad?
A device INF that matches no device never installs. InfVerif rejects it; a
driver that is not tied to a device should be a primitive driver, installed
from `[DefaultInstall.NT<arch>]` instead of `[Manufacturer]`.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64
[Contoso.NTamd64]
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64
[Contoso.NTamd64]
%Device.Desc% = Device_Install, ROOT\ContosoDevice
```

## Source
InfVerif 1297; learn.microsoft.com/windows-hardware/drivers/develop/creating-a-primitive-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1297"
NAME = "installs-no-devices"
SEVERITY = "error"
INFVERIF = (1297,)
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    index = ctx.index
    sections = ctx.document.sections_named("manufacturer")
    if not sections or index.all_device_ids:
        return
    yield ctx.report(
        sections[0].name_span,
        "no Models section lists a hardware or compatible ID, so this INF installs on no device; "
        "add IDs, or make it a primitive driver with [DefaultInstall.NT<arch>]",
    )
