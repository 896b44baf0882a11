r"""A Bluetooth ID names a service but no vendor or product.

## What it does
Reports `BTHENUM\` and `BTHLEDEVICE\` IDs made of a service UUID alone, with
no `VID`, `PID` or `LOCALMFG` part, such as
`BTHENUM\{00001124-0000-1000-8000-00805f9b34fb}`.

## Why is this bad?
A service UUID is shared by every device offering that profile (all HID
keyboards, all headsets), so a driver published for it would reach every such
device. Partner Center restricts these IDs.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Bth_Install, BTHENUM\{00001124-0000-1000-8000-00805f9b34fb}
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Bth_Install, BTHENUM\{00001124-0000-1000-8000-00805f9b34fb}_VID&0001045e_PID&0040
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Bluetooth HWIDs with service
UUIDs and no vendor ID or product ID"); learn.microsoft.com/windows-hardware/drivers/bluetooth/installing-a-bluetooth-device.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, ids_on_bus

CODE = "PUB005"
NAME = "bluetooth-service-only"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

_BUSES = ("BTHENUM", "BTHLEDEVICE")
_VENDOR_PARTS = ("VID", "PID", "LOCALMFG")


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in ids_on_bus(ctx, _BUSES):
        hardware_id = device_id.hardware_id
        if not hardware_id.has("SERVICE"):
            continue
        if any(hardware_id.has(kind) for kind in _VENDOR_PARTS):
            continue
        yield ctx.report(
            device_id.span,
            f"{device_id.kind} '{hardware_id.text}' names a Bluetooth service but no vendor or product; "
            "add _VID&... and _PID&... (or _LOCALMFG&...)",
        )
