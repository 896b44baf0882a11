r"""A capsule's payload is not listed in [SourceDisksFiles].

## What it does
Reports a file a capsule's install section copies (the payload) that no
`[SourceDisksFiles]` section (for the install's architecture, or undecorated)
lists.

## Why is this bad?
Only files listed in [SourceDisksFiles] are part of the driver package: the
payload is left out of the catalog and of the driver store, so the package
either fails to install or installs without the capsule Windows is to apply.

## Example
```inf
[Firmware_CopyFiles]
firmware.bin

[SourceDisksFiles]
```

## Use instead
```inf
[SourceDisksFiles]
firmware.bin = 1
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package;
learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksfiles-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "FW008"
NAME = "payload-not-in-source-disks-files"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import capsule_installs

    model = package_model(ctx.index)
    reported: set[int] = set()
    for install in capsule_installs(model):
        for copy in install.copies:
            if model.source_file(copy.source_name, install.target.architecture) is not None:
                continue
            if copy.entry.start in reported:
                continue
            reported.add(copy.entry.start)
            yield ctx.report(
                copy.value.span,
                f"the firmware payload '{copy.source_name}' is not listed in [SourceDisksFiles], so it is not "
                "part of the package; add it there with its disk",
            )
