r"""A capsule package allows its firmware to be rolled back, which is for testing only.

## What it does
Reports an AddReg line writing the `Policy` value under
`HKLM\SYSTEM\CurrentControlSet\Control\FirmwareResources\{GUID}`, unless the
`allow-rollback-policy` option is set (for packages built for test systems).

## Why is this bad?
That value tells Windows to apply a capsule even when its version is lower
than the one installed. Microsoft documents it for testing only: in a shipped
package it lets anyone with the package put back older firmware, security
fixes undone, on every system it reaches.

## Example
```inf
[Firmware_AddReg]
HKLM,SYSTEM\CurrentControlSet\Control\FirmwareResources\{6bd4efb9-23cc-4b4a-ac37-016517413e9a},Policy,%REG_DWORD%,1
```

## Use instead
Leave the line out of every package that is published, and keep it in a
separate test package checked with the option set:
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
from infcheck.engine import DocumentContext, Option
from infcheck.package_model import package_model

CODE = "FW014"
NAME = "rollback-policy"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)
OPTIONS = {
    "allow-rollback-policy": Option(
        bool, False, "accept the test-only rollback Policy value (for packages built for test systems only)"
    )
}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import is_capsule_package, rollback_policies

    if ctx.options["allow-rollback-policy"] or not is_capsule_package(ctx.index):
        return
    for operation in rollback_policies(package_model(ctx.index)):
        yield ctx.report(
            operation.entry.span,
            "this Policy value lets the firmware be rolled back to an older version; it is for test systems "
            "only and must not ship (set allow-rollback-policy for a test package)",
        )
