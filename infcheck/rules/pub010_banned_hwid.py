r"""A device ID is one that Partner Center never accepts.

## What it does
Reports IDs that are exactly `*DONTUSE`, `SERIAL_MOUSE`, `Root\circlass`,
`Hid\irdevice`, `Storage\VolumeSnapshot` or `Storage\Volume` (without regard
to case).

## Why is this bad?
These IDs belong to inbox drivers for whole device classes, or are markers
that must never match. Partner Center rejects a shipping label that lists one.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Volume_Install, Storage\Volume
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Volume_Install, SCSI\DiskContoso_Volume_____1.00
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Invalid HWIDs");
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, checked_ids

CODE = "PUB010"
NAME = "banned-hwid"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

BANNED_IDS = frozenset(
    text.upper()
    for text in (
        "*DONTUSE",
        "SERIAL_MOUSE",
        "Root\\circlass",
        "Hid\\irdevice",
        "Storage\\VolumeSnapshot",
        "Storage\\Volume",
    )
)


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in checked_ids(ctx):
        text = device_id.hardware_id.text
        if text.upper() in BANNED_IDS:
            yield ctx.report(device_id.span, f"{device_id.kind} '{text}' is never accepted by Partner Center")
