r"""A firmware update package has no [TargetComputers] section.

## What it does
Reports a firmware package (Class `Firmware`, the Firmware ClassGuid
`{f2e7dd72-6468-4e36-b6f1-6488f42c1b52}`, or a `UEFI\RES_` hardware ID) whose
INF has no `[TargetComputers]` section.

## Why is this bad?
A capsule installed on the wrong system model can leave it unbootable.
Firmware packages published outside a model-based servicing set must list the
CHIDs of the systems they apply to, so that neither PnP nor Windows Update
installs them anywhere else; Microsoft requires CHID targeting for firmware
packages, and a submission without it is held or sent to the wrong systems.

## Example
```inf
[Version]
Class     = Firmware
ClassGuid = {f2e7dd72-6468-4e36-b6f1-6488f42c1b52}
```

## Use instead
```inf
[Version]
Class     = Firmware
ClassGuid = {f2e7dd72-6468-4e36-b6f1-6488f42c1b52}

[TargetComputers]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}
```

## Source
Driver publishing workflow for Windows 10, section 5.1.1 "Publishing an UpdateCapsule";
learn.microsoft.com/windows-hardware/drivers/bringup/target-a-system-using-chid.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.publish.package import firmware_evidence
from infcheck.rules._targeting import TARGET_COMPUTERS

CODE = "TGT005"
NAME = "firmware-without-target-computers"
SEVERITY = "warning"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if ctx.document.has_section(TARGET_COMPUTERS):
        return
    evidence = firmware_evidence(ctx.index)
    if evidence is not None:
        span, what = evidence
        yield ctx.report(
            span,
            f"this is a firmware package ({what}) but has no [TargetComputers] section; "
            "list the CHIDs of the systems it is for",
        )
