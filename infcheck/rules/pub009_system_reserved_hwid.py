r"""A device ID is reserved for the system's own devices.

## What it does
Reports IDs that start with `BIOS\PNP` or `ACPI\PNP` (without regard to case).

## Why is this bad?
`PNP` IDs under ACPI and BIOS are Microsoft-assigned IDs of standard system
devices (timers, interrupt controllers, embedded controllers) served by inbox
drivers. Partner Center reserves them; a driver published for one would
replace the system driver on every PC.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Wmi_Install, ACPI\PNP0C14
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Wmi_Install, ACPI\CTSO0C14
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("System reserved HWIDs");
learn.microsoft.com/windows-hardware/drivers/bringup/device-management-namespace-objects.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, ids_starting_with

CODE = "PUB009"
NAME = "system-reserved-hwid"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

RESERVED_PREFIXES = ("BIOS\\PNP", "ACPI\\PNP")


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id, prefix in ids_starting_with(ctx, RESERVED_PREFIXES):
        yield ctx.report(
            device_id.span_of(0, len(prefix)),
            f"{device_id.kind} '{device_id.hardware_id.text}' is reserved for a system device served by an inbox driver",
        )
