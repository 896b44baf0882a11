r"""A PCI ID uses vendor code 0000 or FFFF.

## What it does
Reports `PCI\` IDs whose `VEN_` part is `0000` or `FFFF`.

## Why is this bad?
Neither is a real vendor: `FFFF` is what an empty PCI slot reads and `0000`
is unassigned. Partner Center rejects these vendor codes.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Nic_Install, PCI\VEN_FFFF&DEV_1234&SUBSYS_00011234
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Nic_Install, PCI\VEN_8086&DEV_1234&SUBSYS_00011234
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Invalid PCI vendor codes");
learn.microsoft.com/windows-hardware/drivers/install/identifiers-for-pci-devices.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, ids_on_bus

CODE = "PUB006"
NAME = "invalid-pci-vendor"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

_INVALID_VENDORS = ("0000", "FFFF")


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in ids_on_bus(ctx, ("PCI",)):
        hardware_id = device_id.hardware_id
        vendor = hardware_id.part("VEN")
        if vendor is not None and vendor.value.upper() in _INVALID_VENDORS:
            yield ctx.report(
                device_id.span_of(vendor.start, vendor.end),
                f"PCI vendor code {vendor.value} in {device_id.kind} '{hardware_id.text}' is not a real vendor",
            )
