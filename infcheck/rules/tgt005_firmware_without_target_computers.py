r"""A UEFI firmware capsule package has no [TargetComputers] section.

## What it does
Reports an UpdateCapsule package (one whose Models sections list a
`UEFI\RES_` firmware resource ID) whose INF has no `[TargetComputers]`
section. Other Firmware-class packages, such as component firmware (CFU)
packages for docks and peripherals, are not capsules and are not reported.

## Why is this bad?
A capsule installed on the wrong system model can leave it unbootable.
Capsule packages published outside a model-based servicing set must list the
CHIDs of the systems they apply to, so that neither PnP nor Windows Update
installs them anywhere else; Microsoft requires CHID targeting for capsule
packages, and a submission without it is held or sent to the wrong systems.

## Example
```inf
[Firmware.NTarm64.10.0...17134]
%FirmwareDesc% = Firmware_Install,UEFI\RES_{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
```

## Use instead
```inf
[Firmware.NTarm64.10.0...17134]
%FirmwareDesc% = Firmware_Install,UEFI\RES_{6bd4efb9-23cc-4b4a-ac37-016517413e9a}

[TargetComputers]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}
```

## Source
Driver publishing workflow for Windows 10, section 5.1.1 "Publishing an UpdateCapsule";
learn.microsoft.com/windows-hardware/drivers/bringup/target-a-system-using-chid.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._targeting import TARGET_COMPUTERS

CODE = "TGT005"
NAME = "firmware-without-target-computers"
SEVERITY = "warning"
# UEFI IDs are read from Models entries, which only [Manufacturer] lines name.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import capsule_resources

    if ctx.document.has_section(TARGET_COMPUTERS):
        return
    resources = capsule_resources(ctx.index)
    if resources:
        device_id = resources[0].device_id
        yield ctx.report(
            device_id.span,
            f"this is a firmware capsule package (it installs {device_id.hardware_id.text}) but has no "
            "[TargetComputers] section; list the CHIDs of the systems it is for",
        )
