"""A label on a deprecated submission does anything but expire.

## What it does
Reports a label whose submission has `deprecated = true` and whose `status` is
not `expired`.

## Why is this bad?
When a sharer revokes hardware IDs, the receiver's submission is deprecated
and a new one replaces it. Labels on the deprecated submission may then only
expire what they published; a draft or pending label there will never be
published, and a published one keeps the revoked driver on Windows Update
until it is expired.

## Example
```toml
[[submission]]
id = "contoso-audio-old"
inf = "received/contoso/audio.inf"
deprecated = true
received = { from = "Contoso", hwids = "all" }

[[label]]
id = "wu"
submission = "contoso-audio-old"
destination = "windows-update"
hwids = "all"
status = "published"
```

## Use instead
```toml
[[label]]
id = "wu"
submission = "contoso-audio-old"
destination = "windows-update"
hwids = "all"
status = "expired"                  # and publish from the replacement submission
```

## Source
Share a driver with a partner, "Revoke a hardware ID": existing labels of the
receiver "are only allowed to expire content on a deprecated shipping label",
and published ones stay until the partner expires them.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import labelled_submissions, value_or_header

CODE = "SHP010"
NAME = "deprecated-submission-label"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        if submission.deprecated and label.status != "expired":
            yield ctx.report(
                value_or_header(plan, label, "status"),
                f"label '{label.id}' is {label.status} on deprecated submission '{submission.id}'; "
                "a label on a deprecated submission may only expire",
            )
