r"""FirmwareFilename names a file the capsule's install section does not copy.

## What it does
Reports a `FirmwareFilename` whose file name is not among the files the
CopyFiles directives of the capsule's install section copy.

## Why is this bad?
At the next boot Windows hands UpdateCapsule the file FirmwareFilename points
at. If the install section copied the payload under another name, or not at
all, there is nothing there: the update fails, and the firmware update status
reports that the payload could not be found.

## Example
```inf
[Firmware_CopyFiles]
firmware.bin

[Firmware_AddReg]
HKR,,FirmwareFilename,,%13%\firmware_v2.bin
```

## Use instead
```inf
[Firmware_AddReg]
HKR,,FirmwareFilename,,%13%\firmware.bin
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "FW007"
NAME = "payload-not-copied"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import capsule_installs, firmware_filename, payload_copy

    for install in capsule_installs(package_model(ctx.index)):
        named = firmware_filename(install)
        if named is None or payload_copy(install) is not None:
            continue
        _, value, name = named
        section_name = install.target.section_name
        copied = ", ".join(sorted({copy.destination_name for copy in install.copies}))
        what = f"it copies {copied}" if copied else "it copies no file"
        yield ctx.report(
            value.span,
            f"FirmwareFilename names '{name}', which [{section_name}] does not copy ({what}); "
            "copy the payload under that name, or name the file it copies",
        )
