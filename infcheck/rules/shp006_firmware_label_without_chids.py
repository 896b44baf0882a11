r"""A firmware package is published to Windows Update without any CHID targeting.

## What it does
Reports a Windows Update label whose submission is a firmware package (its
INF has Class `Firmware`, the Firmware ClassGuid, or a `UEFI\RES_` hardware
ID) when neither the INF has a `[TargetComputers]` section nor the label lists
`chids`.

## Why is this bad?
A UEFI capsule applied to the wrong system model can leave it unable to boot.
Outside a model-based servicing set, a firmware package must be limited to
the systems it was built for by computer hardware IDs; without any, the label
would offer it to every system whose firmware resource ID matches.

## Example
```toml
[[label]]
id = "wu-bios"
submission = "bios-1.0.4"           # Class = Firmware, no [TargetComputers]
destination = "windows-update"
hwids = "all"
```

## Use instead
```toml
[[label]]
id = "wu-bios"
submission = "bios-1.0.4"
destination = "windows-update"
hwids = "all"
chids = ["{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"]
```

## Source
Driver publishing workflow for Windows 10, section 5.1.1 "Publishing an
UpdateCapsule"; learn.microsoft.com/windows-hardware/drivers/bringup/target-a-system-using-chid.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import header_span, labelled_submissions

CODE = "SHP006"
NAME = "firmware-label-without-chids"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        if not label.to_windows_update or label.chids:
            continue
        package = plan.package(submission)
        if package is None or package.firmware is None or package.target_computers:
            continue
        yield ctx.report(
            header_span(plan, label),
            f"label '{label.id}' publishes a firmware package ({package.firmware} in {submission.inf}) with no CHID "
            "targeting; list the target systems' CHIDs in chids or in the INF's [TargetComputers]",
        )
