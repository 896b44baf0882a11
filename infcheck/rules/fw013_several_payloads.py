r"""A capsule's install section copies more than one file.

## What it does
Reports each file the install section of a capsule copies besides the
payload (the file FirmwareFilename names) and the integrity file that
`FirmwareIntegrityFilename` names, if any.

## Why is this bad?
A capsule package carries one payload, the file FirmwareFilename names, which
Windows hands whole to UpdateCapsule. Further files are never used by the
update but are signed, stored and shipped with every copy of the package,
and are easily mistaken for the payload when the package is edited. Microsoft's
own capsule generator sometimes copies several, so this is a warning.

## Example
```inf
[Firmware_CopyFiles]
firmware.bin
firmware_old.bin
```

## Use instead
```inf
[Firmware_CopyFiles]
firmware.bin
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-a-firmware-update-package and
.../bringup/authoring-an-update-driver-package.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "FW013"
NAME = "several-payloads"
SEVERITY = "warning"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import capsule_installs, integrity_copy, payload_copy

    for install in capsule_installs(package_model(ctx.index)):
        if len(install.copies) < 2:
            continue
        payload = payload_copy(install) or install.copies[0]
        integrity = integrity_copy(install)
        for copy in install.copies:
            if copy is payload or copy is integrity:
                continue
            yield ctx.report(
                copy.value.span,
                f"[{install.target.section_name}] already copies the payload '{payload.destination_name}'; "
                f"a capsule package carries one payload, so '{copy.destination_name}' is never used",
            )
