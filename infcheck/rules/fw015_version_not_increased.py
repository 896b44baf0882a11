r"""A capsule package does not raise FirmwareVersion and DriverVer over its previous release.

## What it does
When the previous release of the package is known (the `baseline` option
names its INF), reports a `FirmwareVersion` that is not higher than the
previous release's for the same firmware resource, and a DriverVer version
that is not higher than the previous one.

## Why is this bad?
Windows installs a driver package over another only when its driver version
is higher, and UpdateCapsule applies a payload only when its FirmwareVersion
is higher than the version the ESRT reports. A release that forgets either
installs nowhere, or installs and then never updates the firmware.

## Example
Previous release:
```inf
DriverVer = 01/01/2012,2.0.0.0
HKR,,FirmwareVersion,%REG_DWORD%,0x00000002
```
This release:
```inf
DriverVer = 03/01/2012,2.0.0.0
HKR,,FirmwareVersion,%REG_DWORD%,0x00000002
```

## Use instead
```inf
DriverVer = 03/01/2012,3.0.0.0
HKR,,FirmwareVersion,%REG_DWORD%,0x00000003
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package and
.../bringup/firmware-update-status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext, Option
from infcheck.files import read_message

if TYPE_CHECKING:
    from infcheck.capsule_model import CapsuleVersions

CODE = "FW015"
NAME = "version-not-increased"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)
OPTIONS = {
    "baseline": Option(
        str, "", "the previous release's INF, absolute or relative to the checked file's folder (empty: none)"
    )
}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import is_capsule_package

    if not is_capsule_package(ctx.index):
        return
    baseline = ctx.options["baseline"]
    try:
        previous = _previous_release(baseline, ctx.path)
    except OSError as error:
        yield ctx.report(
            ctx.document.start_span,
            f"the baseline INF '{baseline}' cannot be read ({read_message(error)}), so versions are not compared",
        )
        return
    if previous is not None:
        yield from _compare(ctx, previous)


def _previous_release(baseline: str, checked_path: str) -> CapsuleVersions | None:
    """What the previous release wrote: the INF the ``baseline`` option names. (The version in git
    at ``--since REF`` is FW016's, which runs with the package rules.)"""
    from infcheck.capsule_model import baseline_versions

    return baseline_versions(baseline, checked_path)


def _compare(ctx: DocumentContext, previous: CapsuleVersions) -> Iterator[Diagnostic]:
    from infcheck.capsule_model import capsule_versions

    current = capsule_versions(ctx.index)
    for guid, (number, operation) in current.firmware_versions.items():
        before = previous.firmware_versions.get(guid)
        if before is not None and number <= before[0]:
            value = operation.values[0]
            yield ctx.report(
                value.span,
                f"FirmwareVersion 0x{number:08X} is not higher than the previous release's 0x{before[0]:08X}; "
                "UpdateCapsule applies only a newer version",
            )
    if current.driver_ver is None or previous.driver_ver is None or current.driver_ver_entry is None:
        return
    if current.driver_ver.version <= previous.driver_ver.version:
        entry = current.driver_ver_entry
        version_value = entry.value(1) or entry.value(0)
        written = ".".join(map(str, current.driver_ver.version))
        was = ".".join(map(str, previous.driver_ver.version))
        yield ctx.report(
            version_value.span if version_value is not None else entry.span,
            f"DriverVer version {written} is not higher than the previous release's {was}; "
            "Windows keeps the installed package",
        )
