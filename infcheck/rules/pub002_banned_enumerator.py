r"""A device ID uses a bus enumerator that Partner Center does not accept.

## What it does
Reports IDs whose enumerator (the text before the first `\`) is
`ActivCardBus`, `CIRCLASS`, `Irbus`, `MIDI`, `PNP`, `ACP`, `IAN`, `AVM`,
`STREAM` or `DISPLAY` (compared whole, without regard to case), starts with
`PS2_`, or whose ID starts with `Hid\irdevice`.

## Why is this bad?
These enumerators belong to Microsoft class drivers or legacy buses. Partner
Center blocks publishing to them so a partner's driver cannot replace an
inbox driver for every device on the bus; the shipping label is held for
review or rejected.

## Example
```inf
[Contoso.NTamd64]
%DeviceDesc% = Display_Install, DISPLAY\CTSO1234
```

## Use instead
```inf
[Contoso.NTamd64]
%DeviceDesc% = Display_Install, PCI\VEN_1234&DEV_5678&SUBSYS_00011234
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Invalid bus enumerators");
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DeviceIdContext
from infcheck.rules._publishing import ALLOWED_IDS, ids_with_enumerator

CODE = "PUB002"
NAME = "banned-enumerator"
SEVERITY = "error"
SCOPE = "device-id"
OPTIONS = {"allowed-ids": ALLOWED_IDS}

BANNED_ENUMERATORS = frozenset(
    name.upper()
    for name in ("ActivCardBus", "CIRCLASS", "Irbus", "MIDI", "PNP", "ACP", "IAN", "AVM", "STREAM", "DISPLAY")
)


def check(ctx: DeviceIdContext) -> Iterator[Diagnostic]:
    for device_id in ids_with_enumerator(ctx):
        hardware_id = device_id.hardware_id
        enumerator = hardware_id.enumerator or ""
        upper = enumerator.upper()
        if upper in BANNED_ENUMERATORS or upper.startswith("PS2_"):
            yield ctx.report(
                device_id.span_of(0, len(enumerator)),
                f"enumerator '{enumerator}' of {device_id.kind} '{hardware_id.text}' is restricted by Partner Center",
            )
        elif hardware_id.text.upper().startswith("HID\\IRDEVICE"):
            yield ctx.report(
                device_id.span,
                f"{device_id.kind} '{hardware_id.text}' uses the restricted Hid\\irdevice enumerator",
            )
