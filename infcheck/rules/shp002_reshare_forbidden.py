"""A driver received from a partner is shared again.

## What it does
Reports a label with `destination = "partner"` on a submission that has a
`received` table, that is, a driver this organization got from another one.

## Why is this bad?
Only the organization that created a driver can share it. Partner Center
offers no "Send to another Partner" for a received submission, so the plan
describes a label that cannot be made; the partner will never receive it.

## Example
```toml
[[submission]]
id = "contoso-audio"
inf = "received/contoso/audio.inf"
received = { from = "Contoso", hwids = "all" }

[[label]]
id = "to-litware"
submission = "contoso-audio"
destination = "partner"
partner = "Litware"
hwids = "all"
```

## Use instead
```toml
# Ask Contoso to share the driver with Litware directly, and publish your own copy:
[[label]]
id = "wu"
submission = "contoso-audio"
destination = "windows-update"
hwids = "all"
chids = ["{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"]
```

## Source
Share a driver with a partner: "An organization that receives a shared driver
cannot share it again"; Driver publishing workflow for Windows 10, section 2.2
("a resold submission cannot be resold (again)").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import labelled_submissions, value_or_header

CODE = "SHP002"
NAME = "reshare-forbidden"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        if label.to_partner and submission.received is not None:
            yield ctx.report(
                value_or_header(plan, label, "destination"),
                f"label '{label.id}' shares submission '{submission.id}', which was received from "
                f"{submission.received.organization}; only the organization that created a driver can share it",
            )
