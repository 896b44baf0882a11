r"""One capsule package updates several firmware resources.

## What it does
Reports each `UEFI\RES_{GUID}` ID after the first whose GUID differs from the
first one's: the package updates more than one ESRT firmware resource.

## Why is this bad?
Microsoft requires each firmware resource's update to ship in its own driver
package, so that each keeps its own version and is updated at its own pace.
A package for two resources ties their versions together, and replacing one
resource's update replaces the other's. Microsoft's own capsule generator
sometimes writes such packages, so this is a warning.

## Example
```inf
[Firmware.NTarm64.10.0...17134]
%SystemDesc% = System_Install,UEFI\RES_{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
%DeviceDesc% = Device_Install,UEFI\RES_{9ff67b2e-7a23-4d3a-9b1c-58e1d3e1b2a4}
```

## Use instead
One package (INF, payload and catalog) for each resource; in the first:
```inf
[Firmware.NTarm64.10.0...17134]
%SystemDesc% = System_Install,UEFI\RES_{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "FW012"
NAME = "several-firmware-resources"
SEVERITY = "warning"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import capsule_resources

    resources = [resource for resource in capsule_resources(ctx.index) if resource.guid is not None]
    if not resources:
        return
    first = resources[0]
    seen = {first.guid}
    for resource in resources[1:]:
        if resource.guid in seen:
            continue
        seen.add(resource.guid)
        yield ctx.report(
            resource.device_id.span,
            f"this package already updates the firmware resource {{{first.guid}}}; ship the update of "
            f"{{{resource.guid}}} in a package of its own",
        )
