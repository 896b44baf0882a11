"""A submission's category or architecture is one Partner Center restricts.

## What it does
Reports a submission whose `category` is `UNCLASSIFIED` or whose
`architectures` include `ia64` (both compared without regard to case).

## Why is this bad?
Partner Center does not publish drivers submitted in the UNCLASSIFIED
category or built for Itanium without a Microsoft review, and Windows no
longer runs on Itanium. Labels on such a submission stall.

## Example
```toml
[[submission]]
id = "legacy-1.0"
inf = "drivers/legacy/legacy.inf"
category = "UNCLASSIFIED"
architectures = ["amd64", "ia64"]
```

## Use instead
```toml
[[submission]]
id = "legacy-1.0"
inf = "drivers/legacy/legacy.inf"
category = "Audio"
architectures = ["amd64"]
```

## Source
Driver publishing workflow for Windows 10, Table 4 ("Invalid driver submission
category types": UNCLASSIFIED; "Invalid Architecture": ia64);
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext

CODE = "SHP009"
NAME = "restricted-submission"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for submission in plan.submissions:
        if submission.category is not None and submission.category.strip().upper() == "UNCLASSIFIED":
            yield ctx.report(
                plan.value_span(submission.key + ("category",)),
                f"submission '{submission.id}' is in the UNCLASSIFIED category, which Partner Center restricts; "
                "choose the category of the device",
            )
        for number, architecture in enumerate(submission.architectures):
            if architecture.strip().lower() == "ia64":
                yield ctx.report(
                    plan.value_span(submission.key + ("architectures", number)),
                    f"submission '{submission.id}' targets ia64, an architecture Partner Center restricts",
                )
