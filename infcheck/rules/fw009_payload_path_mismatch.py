r"""FirmwareFilename does not point where the payload is copied.

## What it does
Reports a `FirmwareFilename` that is not the path the capsule's payload is
copied to: `%13%\<file>` when [DestinationDirs] sends it to the driver store
(DIRID 13), the path below `%windir%\Firmware` in the older DIRID 10 layout.
Also reports a payload copied anywhere else.

## Why is this bad?
Windows reads the payload from the path FirmwareFilename gives. A payload
copied to the driver store but named as if it were below `%windir%\Firmware`
(or the other way round) is not found at the next boot, and the update fails.

## Example
```inf
[Firmware_AddReg]
HKR,,FirmwareFilename,,{6bd4efb9-23cc-4b4a-ac37-016517413e9a}\firmware.bin

[DestinationDirs]
DefaultDestDir = 13
```

## Use instead
```inf
[Firmware_AddReg]
HKR,,FirmwareFilename,,%13%\firmware.bin

[DestinationDirs]
DefaultDestDir = 13
```

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

CODE = "FW009"
NAME = "payload-path-mismatch"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import (
        capsule_installs,
        expected_firmware_filename,
        firmware_filename,
        payload_destination,
        same_path,
    )

    model = package_model(ctx.index)
    for install in capsule_installs(model):
        named = firmware_filename(install)
        destination = payload_destination(model, install)
        if named is None or destination is None or destination.dirid is None:
            continue
        _, value, name = named
        expected = expected_firmware_filename(destination, name)
        if expected is None:
            where = f"{destination.dirid}" + (f",{destination.subdirectory}" if destination.subdirectory else "")
            yield ctx.report(
                value.span,
                f"the payload '{name}' is copied to DIRID {where}, where Windows does not look for capsules; "
                f"copy it to the driver store (DIRID 13) and write FirmwareFilename = %13%\\{name}",
            )
        elif not same_path(value.resolved, expected):
            yield ctx.report(
                value.span,
                f"FirmwareFilename '{value.resolved.strip()}' is not where the payload is copied "
                f"(DIRID {destination.dirid}); write {expected}",
            )
