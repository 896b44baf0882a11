r"""Two pending labels act on the same hardware ID.

## What it does
Reports a hardware ID selected by a label with `status = "pending"` when an
earlier pending label in the plan already selects it (IDs compare without
regard to case; `hwids = "all"` counts every ID the label can select).

## Why is this bad?
While a publishing action on a hardware ID is pending, Partner Center shows
the ID as locked and takes no other action on it until the first one
completes. The second label waits, or fails, and what the plan says will be
published is not what happens.

## Example
```toml
[[label]]
id = "wu-model-a"
submission = "audio-2.1"
destination = "windows-update"
hwids = ['PCI\VEN_8086&DEV_1234&SUBSYS_00011028']
status = "pending"

[[label]]
id = "wu-model-b"
submission = "audio-2.1"
destination = "windows-update"
hwids = ['PCI\VEN_8086&DEV_1234&SUBSYS_00011028']
status = "pending"
```

## Use instead
```toml
[[label]]
id = "wu-model-b"
submission = "audio-2.1"
destination = "windows-update"
hwids = ['PCI\VEN_8086&DEV_1234&SUBSYS_00011028']
status = "draft"                    # submit it once wu-model-a is published
```

## Source
Driver publishing workflow for Windows 10, FAQ 9 ("Distribution status says
locked"): a hardware ID and OS pair is locked while it is involved in a
publication action.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import selected_ids

CODE = "SHP007"
NAME = "hwid-locked"
SEVERITY = "warning"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    first_pending: dict[str, str] = {}
    for label in plan.labels:
        if label.status != "pending":
            continue
        seen_here: set[str] = set()
        for hwid, span in selected_ids(plan, label, plan.submission(label.submission)):
            lowered = hwid.lower()
            if lowered in seen_here:
                continue
            seen_here.add(lowered)
            holder = first_pending.setdefault(lowered, label.id)
            if holder != label.id:
                yield ctx.report(
                    span,
                    f"hardware ID '{hwid}' is locked by pending label '{holder}'; label '{label.id}' cannot act "
                    "on it until that action completes",
                )
