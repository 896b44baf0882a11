"""A received driver is published without the CHIDs its sharer requires.

## What it does
Reports a Windows Update label on a received submission whose `received`
table says `require_chids = true`, when the label lists no `chids`.

## Why is this bad?
A sharer can demand that receivers target computer hardware IDs, so that a
hardware ID used by many companies' devices only gets the driver on the
receiver's own systems. Partner Center refuses such a label without CHIDs;
the receiver's systems stay without the driver.

## Example
```toml
[[submission]]
id = "contoso-audio"
inf = "received/contoso/audio.inf"
received = { from = "Contoso", hwids = "all", require_chids = true }

[[label]]
id = "wu"
submission = "contoso-audio"
destination = "windows-update"
hwids = "all"
```

## Use instead
```toml
[[label]]
id = "wu"
submission = "contoso-audio"
destination = "windows-update"
hwids = "all"
chids = ["{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"]
```

## Source
Share a driver with a partner ("Required CHID targeting by receiver");
learn.microsoft.com/windows-hardware/drivers/dashboard/get-shipping-labels
(`enforceChidTargeting`).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import labelled_submissions, value_or_header

CODE = "SHP004"
NAME = "receiver-chids-required"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        received = submission.received
        if label.to_windows_update and received is not None and received.require_chids and not label.chids:
            yield ctx.report(
                value_or_header(plan, label, "chids"),
                f"label '{label.id}' publishes a driver received from {received.organization}, who requires "
                "CHID targeting by receivers; add the CHIDs of your systems to chids",
            )
