r"""FirmwareVersion is not a non-zero 32-bit REG_DWORD.

## What it does
Reports a `FirmwareVersion` written by a capsule's `.Hw` section without the
REG_DWORD flags `0x00010001`, or whose value is not a number, is zero, or does
not fit in 32 bits.

## Why is this bad?
Windows compares FirmwareVersion, as a 32-bit number, with the version the
ESRT reports for the resource to decide whether the capsule is newer. Written
as a string, zero, or out of range, the value cannot be compared: the update
is refused or never offered, and the update status reports a version mismatch.

## Example
```inf
[Firmware_AddReg]
HKR,,FirmwareVersion,,"2"
```

## Use instead
```inf
[Firmware_AddReg]
HKR,,FirmwareVersion,%REG_DWORD%,0x00000002

[Strings]
REG_DWORD = 0x00010001
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package,
.../bringup/esrt-table-definition and .../bringup/firmware-update-status.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "FW006"
NAME = "invalid-firmware-version"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)

_MAX_DWORD = 0xFFFFFFFF


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import FIRMWARE_VERSION, REG_DWORD_FLAGS, capsule_installs, dword_value, registry_type

    for install in capsule_installs(package_model(ctx.index)):
        operation = install.hw_value(FIRMWARE_VERSION)
        if operation is None:
            continue
        written_type = registry_type(operation)
        if written_type != REG_DWORD_FLAGS:
            written = "as a string" if written_type == 0 else f"with flags 0x{operation.flags or 0:08X}"
            yield ctx.report(
                operation.entry.span,
                f"FirmwareVersion is written {written}; write it as a REG_DWORD (flags 0x00010001), "
                "the number Windows compares with the ESRT version",
            )
        value, number = dword_value(operation)
        if value is None or value.is_empty:
            yield ctx.report(operation.entry.span, "FirmwareVersion has no value; write the payload's version")
        elif number is None:
            yield ctx.report(value.span, f"FirmwareVersion '{value.resolved.strip()}' is not a number")
        elif number == 0:
            yield ctx.report(
                value.span, "FirmwareVersion is 0, which no ESRT version is older than; write the payload's version"
            )
        elif number > _MAX_DWORD:
            yield ctx.report(value.span, f"FirmwareVersion {value.resolved.strip()} does not fit in 32 bits")
