r"""A hardware or compatible ID is 200 characters or longer.

## What it does
Reports device IDs in Models entries that, after string substitution, are
200 characters or longer.

## Why is this bad?
Device IDs must be shorter than `MAX_DEVICE_ID_LEN` (200); PnP never reports a
longer ID for a device, so a Models entry listing one can never match.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Sensor_Install, ROOT\CONTOSO_SENSOR_WITH_A_NAME_THAT_GOES_ON_AND_ON_...
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Sensor_Install, ROOT\CONTOSO_SENSOR
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/hardware-ids; `MAX_DEVICE_ID_LEN` in cfgmgr32.h.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext

CODE = "INF303"
NAME = "hwid-too-long"
SEVERITY = "error"
SCOPE = "device-id"

MAX_DEVICE_ID_LEN = 200


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in ctx.device_ids:
        length = len(device_id.hardware_id.text)
        if length >= MAX_DEVICE_ID_LEN:
            yield ctx.report(
                device_id.span,
                f"{device_id.kind} is {length} characters long; IDs must be shorter than {MAX_DEVICE_ID_LEN}",
            )
