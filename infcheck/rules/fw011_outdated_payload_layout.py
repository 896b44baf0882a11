r"""A capsule payload is copied below %windir%\Firmware, the layout before Windows 10, version 1803.

## What it does
Reports the [DestinationDirs] entry that copies a capsule's payload to
DIRID 10 (the Windows folder), the layout Microsoft documented before
Windows 10, version 1803.

## Why is this bad?
Since version 1803 a capsule payload is read from the driver store, where the
package already is: copying it below `%windir%\Firmware` duplicates it, leaves
it behind when the package is removed, and is the older form Microsoft's
sample keeps only for systems that no longer get updates.

## Example
```inf
[DestinationDirs]
DefaultDestDir = 10,Firmware\{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
```

## Use instead
```inf
[DestinationDirs]
DefaultDestDir = 13
```
with `FirmwareFilename = %13%\firmware.bin` and a Models decoration of
`10.0...17134` or later.

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package;
learn.microsoft.com/windows-hardware/drivers/develop/run-from-driver-store.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "FW011"
NAME = "outdated-payload-layout"
SEVERITY = "warning"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import WINDOWS_DIRID, capsule_installs, payload_destination

    model = package_model(ctx.index)
    reported: set[int] = set()
    for install in capsule_installs(model):
        destination = payload_destination(model, install)
        if destination is None or destination.dirid != WINDOWS_DIRID or destination.entry.start in reported:
            continue
        reported.add(destination.entry.start)
        value = destination.entry.value(0)
        yield ctx.report(
            value.span if value is not None else destination.entry.span,
            "the capsule payload is copied below the Windows folder (DIRID 10), the layout before Windows 10 "
            "version 1803; copy it to the driver store (DIRID 13), name it %13%\\<file> in FirmwareFilename "
            "and decorate the Models section 10.0...17134",
        )
