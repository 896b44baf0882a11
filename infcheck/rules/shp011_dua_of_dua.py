"""A Driver Update Acceptable submission updates another DUA submission.

## What it does
Reports a submission whose `dua_of` names a submission that itself has a
`dua_of`.

## Why is this bad?
The DUA process updates a certified submission without recertifying it, and
only once removed from the original: a DUA of a DUA is not accepted. The
update has to be made from the original certified submission.

## Example
```toml
[[submission]]
id = "audio-2.1"
inf = "drivers/audio/audio.inf"
dua_of = "audio-2.0"

[[submission]]
id = "audio-2.2"
inf = "drivers/audio/audio.inf"
dua_of = "audio-2.1"
```

## Use instead
```toml
[[submission]]
id = "audio-2.2"
inf = "drivers/audio/audio.inf"
dua_of = "audio-2.0"
```

## Source
learn.microsoft.com/windows-hardware/drivers/dashboard/hardware-submission-update
(a DUA shell cannot be made from a DUA submission); Driver publishing workflow
for Windows 10, section 2.2.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext

CODE = "SHP011"
NAME = "dua-of-dua"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for submission in plan.submissions:
        if submission.dua_of is None:
            continue
        original = plan.submission(submission.dua_of)
        if original is not None and original.is_dua:
            yield ctx.report(
                plan.value_span(submission.key + ("dua_of",)),
                f"submission '{submission.id}' is a DUA update of '{original.id}', which is itself a DUA update of "
                f"'{original.dua_of}'; make the update from the certified submission instead",
            )
