r"""A firmware capsule install does not write FirmwareId, FirmwareVersion or FirmwareFilename.

## What it does
For each install section a `UEFI\RES_{GUID}` entry selects, reports each of
`FirmwareId`, `FirmwareVersion` and `FirmwareFilename` that no AddReg of the
install section's `.Hw` section writes: because there is no `.Hw` section,
because its AddReg names a section that does not exist, or because the line is
missing. A value written in the install section itself is reported by FW004
instead.

## Why is this bad?
Windows stages a capsule only from these three values under the device's
hardware key: the resource it updates, the version it brings and the payload
file. Without any one of them the package installs without error, and the
firmware is never updated.

## Example
```inf
[Firmware_Install.NT.Hw]
AddReg = Firmware_AddReg

[Firmware_AddReg]
HKR,,FirmwareId,,{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
HKR,,FirmwareVersion,%REG_DWORD%,0x00000002
```

## Use instead
```inf
[Firmware_AddReg]
HKR,,FirmwareId,,{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
HKR,,FirmwareVersion,%REG_DWORD%,0x00000002
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

CODE = "FW003"
NAME = "missing-firmware-value"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import FIRMWARE_VALUES, capsule_installs

    document = ctx.document
    for install in capsule_installs(package_model(ctx.index)):
        missing = [
            name for name in FIRMWARE_VALUES if install.hw_value(name) is None and install.install_value(name) is None
        ]
        if not missing:
            continue
        names = ", ".join(missing)
        section_name = install.target.section_name
        if install.hw_section is None:
            yield ctx.report(
                document.sections_named(section_name)[0].name_span,
                f"the firmware capsule install [{section_name}] has no [{section_name}.Hw] section, so {names} "
                "are never written and the capsule is never staged; add it with an AddReg writing them under HKR",
            )
        elif install.missing_hw_sections:
            value = install.missing_hw_sections[0]
            yield ctx.report(
                value.span,
                f"[{install.hw_section}] AddReg names [{value.resolved.strip()}], which does not exist, so {names} "
                "are never written and the capsule is never staged",
            )
        else:
            yield ctx.report(
                document.sections_named(install.hw_section)[0].name_span,
                f"the AddReg sections of [{install.hw_section}] do not write {names} under HKR, "
                "so Windows never stages the capsule",
            )
