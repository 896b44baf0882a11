r"""A firmware capsule package is not in the Firmware setup class.

## What it does
Reports an INF installing a `UEFI\RES_{GUID}` firmware resource whose
[Version] section does not say `Class = Firmware` with the Firmware class GUID
`{f2e7dd72-6468-4e36-b6f1-6488f42c1b52}`.

## Why is this bad?
Windows enumerates each ESRT entry as a device of the Firmware class, and
hands a package's payload to UpdateCapsule only when the package installs in
that class. A capsule package in another class is either refused at install
time or installed as an ordinary device with no update staged.

## Example
```inf
[Version]
Class     = System
ClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}
```

## Use instead
```inf
[Version]
Class     = Firmware
ClassGuid = {f2e7dd72-6468-4e36-b6f1-6488f42c1b52}
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.guids import normalize_guid
from infcheck.knowledge.setup_classes import FIRMWARE_CLASS_GUID

CODE = "FW001"
NAME = "capsule-not-firmware-class"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import capsule_resources

    resources = capsule_resources(ctx.index)
    if not resources:
        return
    version = ctx.index.version
    class_value = version.first_value("class")
    if class_value is None:
        yield ctx.report(
            resources[0].device_id.span,
            "this firmware capsule package has no Class in [Version]; write Class = Firmware",
        )
    elif class_value.resolved.strip().lower() != "firmware":
        yield ctx.report(
            class_value.span,
            f"a firmware capsule package must be in the Firmware class, not '{class_value.resolved.strip()}'",
        )
    guid_value = version.first_value("classguid")
    wanted = "{" + FIRMWARE_CLASS_GUID + "}"
    if guid_value is None:
        yield ctx.report(
            resources[0].device_id.span,
            f"this firmware capsule package has no ClassGuid in [Version]; write ClassGuid = {wanted}",
        )
    elif normalize_guid(guid_value.resolved) != FIRMWARE_CLASS_GUID:
        yield ctx.report(
            guid_value.span,
            f"a firmware capsule package must use the Firmware ClassGuid {wanted}, not '{guid_value.resolved.strip()}'",
        )
