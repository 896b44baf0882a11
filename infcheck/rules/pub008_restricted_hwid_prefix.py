r"""A device ID starts with a prefix Partner Center restricts.

## What it does
Reports IDs that start with `HID_DEVI`, `SERIAL_M`, `ISAPNP\PNP`,
`SERENUM\PNP`, `PNP` or `*PNP` (without regard to case).

## Why is this bad?
These are generic IDs for whole device classes (any HID device, any serial
mouse, any legacy PnP device) that inbox drivers serve. Partner Center does
not let a partner publish a driver for them without a Microsoft exception.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Mouse_Install, *PNP0F13
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Mouse_Install, ACPI\CTSO0F13
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Invalid HWID string beginnings");
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, RESTRICTED_PREFIXES, ids_starting_with

CODE = "PUB008"
NAME = "restricted-hwid-prefix"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id, prefix in ids_starting_with(ctx, RESTRICTED_PREFIXES):
        yield ctx.report(
            device_id.span_of(0, len(prefix)),
            f"{device_id.kind} '{device_id.hardware_id.text}' starts with '{prefix}', a restricted ID prefix",
        )
