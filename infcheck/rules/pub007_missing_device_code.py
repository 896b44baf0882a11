r"""A PCI, HDAUDIO or USB ID names a vendor but no device or product.

## What it does
Reports `PCI\` and `HDAUDIO\` IDs with `VEN_` but no `DEV_`, and `USB\` IDs
with `VID_` but no `PID_`.

## Why is this bad?
A vendor code alone matches every device that vendor makes on the bus, so
Partner Center requires the device (or product) code on these buses and holds
or rejects the shipping label.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Usb_Install, USB\VID_045E
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Usb_Install, USB\VID_045E&PID_0040
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Missing device codes or
product ID codes"); learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, ids_on_bus

CODE = "PUB007"
NAME = "missing-device-code"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

# Bus -> (vendor part, the part that must come with it).
_REQUIRED = {"PCI": ("VEN", "DEV"), "HDAUDIO": ("VEN", "DEV"), "USB": ("VID", "PID")}


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in ids_on_bus(ctx, _REQUIRED):
        hardware_id = device_id.hardware_id
        vendor_kind, device_kind = _REQUIRED[hardware_id.enumerator_upper]
        vendor = hardware_id.part(vendor_kind)
        if vendor is not None and not hardware_id.has(device_kind):
            yield ctx.report(
                device_id.span,
                f"{device_id.kind} '{hardware_id.text}' has {vendor_kind}_ but no {device_kind}_",
            )
