r"""A capsule payload in the driver store is installed on Windows older than version 1803.

## What it does
Reports the Models decoration of a capsule install whose payload goes to the
driver store (DIRID 13, or a FirmwareFilename starting with `%13%`) when the
decoration does not require Windows 10, version 1803 (`10.0...17134`) or later.

## Why is this bad?
Windows reads a capsule payload from the driver store only from version 1803
on. An older system picks the same Models section, installs the package and
never finds the payload. The Models decoration keeps such a package from
installing where it cannot work.

## Example
```inf
[Manufacturer]
%MfgName% = Firmware,NTarm64
```

## Use instead
```inf
[Manufacturer]
%MfgName% = Firmware,NTarm64.10.0...17134
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package;
learn.microsoft.com/windows-hardware/drivers/develop/run-from-driver-store.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model
from infcheck.targetos import TargetOS

CODE = "FW010"
NAME = "driver-store-payload-before-1803"
SEVERITY = "error"
# A capsule package lists UEFI\ IDs in Models sections, which only [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)


def _requires_1803(target: TargetOS | None) -> bool:
    if target is None or target.major is None:
        return False
    if target.major != 10:
        return target.major > 10
    from infcheck.capsule_model import DRIVER_STORE_MIN_BUILD

    return (target.minor or 0) > 0 or (target.build or 0) >= DRIVER_STORE_MIN_BUILD


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not lists_uefi_ids(ctx.index):
        return  # not a capsule package: nothing to report, and no capsule model to load
    from infcheck.capsule_model import (
        DRIVER_STORE_DIRID,
        capsule_installs,
        firmware_filename,
        payload_destination,
    )

    model = package_model(ctx.index)
    reported: set[str] = set()
    for install in capsule_installs(model):
        destination = payload_destination(model, install)
        named = firmware_filename(install)
        in_store = (destination is not None and destination.dirid == DRIVER_STORE_DIRID) or (
            named is not None and named[1].resolved.strip().startswith(f"%{DRIVER_STORE_DIRID}%")
        )
        models = install.target.models_entry.models
        if not in_store or _requires_1803(models.target) or models.name.lower() in reported:
            continue
        reported.add(models.name.lower())
        span = models.reference_span or install.target.models_entry.entry.span
        written = models.decoration.value.resolved.strip() if models.decoration else models.name
        architecture = install.target.architecture.replace("$arch$", "$ARCH$")
        yield ctx.report(
            span,
            f"the capsule payload is in the driver store (DIRID 13), which Windows reads from version 1803 on, "
            f"but '{written}' also installs on older versions; decorate it NT{architecture}.10.0...17134",
        )
