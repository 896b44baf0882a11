r"""A capsule package changed since the `--since` revision, but its FirmwareVersion did not increase.

## What it does
With `infcheck check --since REF`, compares the `FirmwareVersion` each firmware
resource of a capsule INF writes (in its `.Hw` AddReg section) with the value
the INF wrote at REF, when a file of its package folder changed since then,
and reports a version that is not higher. An INF or a resource that did not
exist at REF is not judged. DriverVer is REPO004's business; FW015 makes the
same comparison against a baseline INF named in the configuration.

## Why is this bad?
UpdateCapsule applies a payload only when its FirmwareVersion is higher than
the version the firmware reports in the ESRT. A release whose payload changed
but whose FirmwareVersion did not installs as a driver package and then never
updates the firmware: the systems report success and keep the old firmware.

## Example
At REF and now, although `firmware.bin` was rebuilt:
```inf
HKR,,FirmwareVersion,%REG_DWORD%,0x00000002
```

## Use instead
```inf
HKR,,FirmwareVersion,%REG_DWORD%,0x00000003
```

## Source
learn.microsoft.com/windows-hardware/drivers/bringup/authoring-an-update-driver-package and
.../bringup/esrt-table-definition (the version comparison); issue 19 of infcheck.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext

CODE = "FW016"
NAME = "firmware-version-not-raised"
SEVERITY = "error"
SCOPE = "package"


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    if not ctx.facts.firmware_versions:
        return
    previous = ctx.previous_index
    if previous is None:
        return
    from infcheck.capsule_model import capsule_versions

    before = capsule_versions(previous).firmware_versions
    for fact in ctx.facts.firmware_versions:
        was = before.get(fact.resource)
        if was is None or fact.number > was[0]:
            continue
        yield ctx.report(
            fact.span,
            f"the package changed since {ctx.since}, but FirmwareVersion 0x{fact.number:08X} is not higher than "
            f"0x{was[0]:08X} there; raise it, or UpdateCapsule will not apply the new payload",
        )
