r"""A device ID has no bus enumerator.

## What it does
Reports hardware and compatible IDs in Models entries that have no
`enumerator\` part, such as `GenSensor` or `VID_1234&PID_0001`. IDs with a
restricted prefix (`*PNP0C14`, `HID_DEVICE...`) are left to PUB008, so one ID
gets one finding. The component IDs of network INF files (class `Net`,
`NetService`, `NetTrans` or `NetClient`, such as `MS_NdisLwf`) name a network
component, not a device a bus reports, and are not reported.

## Why is this bad?
Partner Center restricts IDs without a bus enumerator: they can match devices
on any bus, so the shipping label is held for Microsoft review or rejected.
Write the full ID the device reports, enumerator included.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Sensor_Install, VID_045E&PID_0040
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Sensor_Install, USB\VID_045E&PID_0040
```

## Source
Driver publishing workflow for Windows 10, Table 4 "Driver publication restrictions"
("HWIDs with no bus enumerator"); learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, RESTRICTED_PREFIXES, checked_ids

CODE = "PUB001"
NAME = "hwid-no-enumerator"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}


# Setup classes whose INF files install network components, named by component IDs.
NETWORK_CLASSES = frozenset({"net", "netservice", "nettrans", "netclient"})


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    if (ctx.device_class or "").lower() in NETWORK_CLASSES:
        return
    for device_id in checked_ids(ctx):
        if device_id.hardware_id.enumerator is None:
            text = device_id.hardware_id.text
            if text.upper().startswith(RESTRICTED_PREFIXES):
                continue
            yield ctx.report(
                device_id.span,
                f"{device_id.kind} '{text}' has no bus enumerator; write the ID the bus reports, "
                "such as PCI\\... or USB\\...",
            )
