r"""A firmware resource ID is not written `UEFI\RES_{GUID}`.

## What it does
Reports a `UEFI\RES_` hardware or compatible ID that is not exactly
`UEFI\RES_{GUID}`: the GUID without its braces or not a GUID at all, a
version (`&REV_...`) or any other part after it.

## Why is this bad?
Windows gives each ESRT entry two hardware IDs, `UEFI\RES_{GUID}&REV_<version>`
and `UEFI\RES_{GUID}`. The version in the first one is the firmware currently
on the system, which the update itself changes: a package that targets it is
offered only to systems at exactly that version, and no longer matches once
the update is applied. An ID without braces or with another part matches no
firmware resource at all.

## Example
```inf
%FirmwareDesc% = Firmware_Install,UEFI\RES_{6bd4efb9-23cc-4b4a-ac37-016517413e9a}&REV_1
```

## Use instead
```inf
%FirmwareDesc% = Firmware_Install,UEFI\RES_{6bd4efb9-23cc-4b4a-ac37-016517413e9a}
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/plug-and-play-device and
.../bringup/authoring-an-update-driver-package.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.guids import BRACED_GUID

CODE = "FW002"
NAME = "invalid-resource-id"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import RESOURCE_PART, capsule_resources

    for resource in capsule_resources(ctx.index):
        device_id = resource.device_id
        hardware_id = device_id.hardware_id
        text = hardware_id.text
        for part in hardware_id.parts:
            if part.kind == RESOURCE_PART:
                if resource.guid is None:
                    yield ctx.report(
                        device_id.span_of(part.start, part.end),
                        f"'{part.value}' in {text} is not a GUID; write the ESRT firmware class GUID as "
                        "RES_{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}",
                    )
                elif not BRACED_GUID.match(part.value):
                    yield ctx.report(
                        device_id.span_of(part.start, part.end),
                        f"the resource GUID in {text} must be written in braces: RES_{{{resource.guid}}}",
                    )
            elif part.kind == "REV":
                yield ctx.report(
                    device_id.span_of(part.start - 1, part.end),
                    f"{text} names one firmware version (&REV_{part.value}): the package matches only systems "
                    "at that version and stops matching once updated; target the ID without &REV_",
                )
            else:
                yield ctx.report(
                    device_id.span_of(part.start - 1, part.end),
                    f"'{text[part.start - 1 : part.end]}' is not part of a firmware resource ID; "
                    "write UEFI\\RES_{GUID} alone",
                )
