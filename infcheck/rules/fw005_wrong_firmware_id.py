r"""FirmwareId is not the GUID of the firmware resource the package installs on.

## What it does
Reports a `FirmwareId` written by a capsule's `.Hw` section that is not a
GUID in braces, is not the GUID of the `UEFI\RES_{GUID}` ID that selects the install
section, or is written with a type other than a string.

## Why is this bad?
FirmwareId tells Windows which ESRT entry the payload is for, and it must be
the firmware class GUID of that entry, the one in the hardware ID. With any
other GUID the payload is handed over for a resource the system does not have
(or the wrong one), and the update fails or never happens.

## Example
```inf
[Firmware.NTarm64.10.0...17134]
%FirmwareDesc% = Firmware_Install,UEFI\RES_{6bd4efb9-23cc-4b4a-ac37-016517413e9a}

[Firmware_AddReg]
HKR,,FirmwareId,,{00000000-23cc-4b4a-ac37-016517413e9a}
```

## Use instead
```inf
[Firmware_AddReg]
HKR,,FirmwareId,,{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package and
.../bringup/esrt-table-definition.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.guids import BRACED_GUID, normalize_guid
from infcheck.package_model import package_model

CODE = "FW005"
NAME = "wrong-firmware-id"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import FIRMWARE_ID, capsule_installs, registry_type

    for install in capsule_installs(package_model(ctx.index)):
        operation = install.hw_value(FIRMWARE_ID)
        if operation is None:
            continue
        value = operation.values[0] if operation.values else None
        written = value.resolved.strip() if value is not None else ""
        span = value.span if value is not None and not value.is_empty else operation.entry.span
        guid = normalize_guid(written.strip('"'))
        expected = install.resource.guid
        if guid is None:
            wanted = f"{{{expected}}}" if expected is not None else "of its UEFI\\RES_ ID"
            yield ctx.report(span, f"FirmwareId '{written}' is not a GUID; write the resource GUID {wanted}")
        elif not BRACED_GUID.match(written.strip('"')):
            yield ctx.report(span, f"FirmwareId '{written}' must be written in braces: {{{guid}}}")
        elif expected is not None and guid != expected:
            yield ctx.report(
                span,
                f"FirmwareId {{{guid}}} is not the GUID of the firmware resource this section installs on "
                f"({install.resource.device_id.hardware_id.text}); write {{{expected}}}",
            )
        if registry_type(operation) != 0:
            yield ctx.report(
                operation.entry.span,
                f"FirmwareId is written with flags 0x{operation.flags:08X}; write it as a string (leave the flags empty)",
            )
