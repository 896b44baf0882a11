r"""A device ID is a class-code declaration rather than a device's own ID.

## What it does
Reports IDs whose part after the enumerator starts with `CLASS_`, `CC_` or
`&` (without regard to case), such as `PCI\CC_0300` or
`USB\Class_03&SubClass_01`.

## Why is this bad?
Class-code IDs match every device of a class, from any vendor. Publishing a
driver for one would offer it to hardware it was never tested on, so Partner
Center restricts them; the shipping label is held for review or rejected.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Hid_Install, USB\Class_03&SubClass_01
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Hid_Install, USB\VID_045E&PID_0040
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Classcode declarations");
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, ids_with_enumerator

CODE = "PUB003"
NAME = "class-code-hwid"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

_CLASS_CODE_STARTS = ("CLASS_", "CC_", "&")


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in ids_with_enumerator(ctx):
        hardware_id = device_id.hardware_id
        device_part = hardware_id.device_part
        if device_part.upper().startswith(_CLASS_CODE_STARTS):
            start = hardware_id.device_part_start
            first = hardware_id.parts[0] if hardware_id.parts else None
            end = first.end if first is not None and first.start == start else start + 1
            yield ctx.report(
                device_id.span_of(start, end),
                f"{device_id.kind} '{hardware_id.text}' declares a device class, not a device; "
                "use the device's vendor and device IDs",
            )
