r"""A PCI or HDAUDIO ID names only vendor and device.

## What it does
Reports `PCI\` and `HDAUDIO\` IDs whose identifying parts are exactly a
vendor (`VEN_`) and a device (`DEV_`), with no `SUBSYS_` or `REV_`;
`FUNC_` is ignored on HDAUDIO IDs. `PCI\VEN_8086&DEV_1234` and
`HDAUDIO\FUNC_01&VEN_10EC&DEV_0889` are two-part IDs.

## Why is this bad?
A vendor and device pair matches that chip in every system that uses it, so a
driver published for it is offered to other manufacturers' machines. Partner
Center requires the subsystem (or revision) on these buses and holds or
rejects the shipping label otherwise.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Audio_Install, HDAUDIO\FUNC_01&VEN_10EC&DEV_0889
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Audio_Install, HDAUDIO\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_10EC0889
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Two-part HWIDs");
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, ids_on_bus

CODE = "PUB004"
NAME = "two-part-hwid"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

_BUSES = ("PCI", "HDAUDIO")


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in ids_on_bus(ctx, _BUSES):
        hardware_id = device_id.hardware_id
        bus = hardware_id.enumerator_upper
        kinds = [kind for kind in hardware_id.kinds if not (bus == "HDAUDIO" and kind == "FUNC")]
        if sorted(kinds) == ["DEV", "VEN"]:
            yield ctx.report(
                device_id.span,
                f"{device_id.kind} '{hardware_id.text}' names only vendor and device; "
                f"add SUBSYS_ (or REV_) so it matches this product only",
            )
