"""A plan refers to something that is not there, or uses an id twice.

## What it does
Reports a label whose `submission` names no submission of the plan, a
submission whose `dua_of` names none, a submission whose `inf` file does not
exist, cannot be read or lies outside the plan's repository, and a
submission or label id used twice.

## Why is this bad?
Every other check of the plan depends on these references. A label pointing
nowhere is not checked at all, and an INF path that breaks when the package
moves makes the plan say nothing about the package that is really submitted.

## Example
```toml
[[submission]]
id = "audio-2.1"
inf = "drivers/audio/audoi.inf"

[[label]]
id = "wu"
submission = "audio-2.2"
destination = "windows-update"
hwids = "all"
```

## Use instead
```toml
[[submission]]
id = "audio-2.1"
inf = "drivers/audio/audio.inf"

[[label]]
id = "wu"
submission = "audio-2.1"
destination = "windows-update"
hwids = "all"
```

## Source
infcheck's publishing plan format (see the README); INF paths are resolved
relative to the plan and must stay inside its repository unless `inf_roots`
lists the folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext

if TYPE_CHECKING:  # plan rules load the publishing model only when a plan is checked
    from infcheck.publish.plan import Label, Submission

CODE = "SHP013"
NAME = "plan-reference"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    yield from _duplicates(ctx, plan.submissions, "submission")
    yield from _duplicates(ctx, plan.labels, "label")
    for submission in plan.submissions:
        problem = plan.package_problem(submission)
        if problem is not None:
            yield ctx.report(plan.value_span(submission.key + ("inf",)), f"submission '{submission.id}': {problem}")
        if submission.dua_of is not None and plan.submission(submission.dua_of) is None:
            yield ctx.report(
                plan.value_span(submission.key + ("dua_of",)),
                f"submission '{submission.id}' is a DUA update of '{submission.dua_of}', which is not a submission of this plan",
            )
    for label in plan.labels:
        if plan.submission(label.submission) is None:
            yield ctx.report(
                plan.value_span(label.key + ("submission",)),
                f"label '{label.id}' names submission '{label.submission}', which is not in this plan",
            )


def _duplicates(ctx: PlanContext, items: Sequence[Submission | Label], kind: str) -> Iterator[Diagnostic]:
    first_line: dict[str, int] = {}
    for item in items:
        span = ctx.document.value_span(item.key + ("id",))
        line = first_line.setdefault(item.id, span.line)
        if line != span.line:
            yield ctx.report(span, f"{kind} id '{item.id}' is already used on line {line}")
