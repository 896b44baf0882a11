r"""A shipping label selects a hardware ID the driver package does not offer.

## What it does
Compares every hardware ID a label lists with what the label's submission
offers: the IDs of its INF's Models entries, or, for a submission received
from a partner, the IDs the partner shared. IDs compare without regard to
case. Labels written with `hwids = "all"` are not checked.

## Why is this bad?
Partner Center builds a label's "Select PNPs" grid from the package's INF,
and a receiver sees only the IDs the sharer shared. An ID outside that list
cannot be published: the label the plan describes cannot exist, so the device
the team meant to reach gets nothing.

## Example
```toml
[[submission]]
id = "audio-2.1"
inf = "drivers/audio/audio.inf"   # lists PCI\VEN_8086&DEV_1234&SUBSYS_00011028

[[label]]
id = "wu"
submission = "audio-2.1"
destination = "windows-update"
hwids = ['PCI\VEN_8086&DEV_1234&SUBSYS_00021028']
```

## Use instead
```toml
[[label]]
id = "wu"
submission = "audio-2.1"
destination = "windows-update"
hwids = ['PCI\VEN_8086&DEV_1234&SUBSYS_00011028']
```

## Source
Share a driver with a partner ("Your partner is limited to the hardware ID
values you share"); learn.microsoft.com/windows-hardware/drivers/dashboard/publish-a-driver-to-windows-update
("Select PNPs").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import labelled_submissions

CODE = "SHP001"
NAME = "label-hwid-not-in-package"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        if label.hwids is None:
            continue
        received = submission.received
        if received is not None and received.hwids is not None:
            offered = frozenset(hwid.lower() for hwid in received.hwids)
            why = f"{received.organization} did not share it with submission '{submission.id}'"
        else:
            package = plan.package(submission)
            if package is None:
                continue
            offered = package.id_set
            why = f"the INF of submission '{submission.id}' ({submission.inf}) does not list it"
        for number, hwid in enumerate(label.hwids):
            if hwid.lower() not in offered:
                yield ctx.report(
                    plan.value_span(label.key + ("hwids", number)),
                    f"label '{label.id}' selects hardware ID '{hwid}', but {why}",
                )
