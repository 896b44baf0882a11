r"""A firmware value is written where Windows does not read it.

## What it does
Reports `FirmwareId`, `FirmwareVersion` or `FirmwareFilename` written by an
AddReg of the capsule's install section itself instead of its `.Hw` section,
or written by the `.Hw` section under another root than `HKR` or in a subkey.

## Why is this bad?
Windows looks for the three values in the firmware device's hardware key,
which is what `HKR` means in a `.Hw` section. In the install section `HKR` is
the driver's software key: the values land there, and the capsule is never
staged.

## Example
```inf
[Firmware_Install.NT]
CopyFiles = Firmware_CopyFiles
AddReg    = Firmware_AddReg
```

## Use instead
```inf
[Firmware_Install.NT]
CopyFiles = Firmware_CopyFiles

[Firmware_Install.NT.Hw]
AddReg = Firmware_AddReg
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package;
learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-hw-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "FW004"
NAME = "misplaced-firmware-value"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import FIRMWARE_VALUES, capsule_installs

    for install in capsule_installs(package_model(ctx.index)):
        section_name = install.target.section_name
        for name in FIRMWARE_VALUES:
            in_hw = install.hw_value(name)
            in_install = install.install_value(name)
            if in_hw is None and in_install is not None:
                yield ctx.report(
                    in_install.entry.span,
                    f"{name} is written by an AddReg of [{section_name}], where HKR is the driver's software key; "
                    f"write it from [{section_name}.Hw] so Windows finds it on the device",
                )
            elif in_hw is not None and (in_hw.root != "HKR" or in_hw.subkey):
                where = in_hw.root + (f"\\{in_hw.subkey}" if in_hw.subkey else "")
                yield ctx.report(
                    in_hw.entry.span,
                    f"{name} is written under {where}; Windows reads it only from the device's hardware key: "
                    "write it under HKR with no subkey",
                )
