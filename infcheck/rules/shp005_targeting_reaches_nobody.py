"""A label's CHIDs and the INF's [TargetComputers] have no system in common.

## What it does
Compares the CHIDs a label lists with the CHIDs in the `[TargetComputers]`
section of its submission's INF. When both lists are non-empty and share no
CHID, the label is reported.

## Why is this bad?
With both kinds of targeting, Windows Update distributes a driver only to
systems in the intersection of the two CHID sets. An empty intersection means
the label publishes to nobody: the submission passes, the label goes live,
and no system ever receives the driver.

## Example
```toml
# The INF's [TargetComputers] lists {c4159f74-3d2c-526f-b6d1-fe24a2fbc881} only.
[[label]]
id = "wu-model-b"
submission = "audio-2.1"
destination = "windows-update"
hwids = "all"
chids = ["{6de5d951-d755-576b-bd09-c5cf66b27234}"]
```

## Use instead
```toml
[[label]]
id = "wu-model-b"
submission = "audio-2.1"
destination = "windows-update"
hwids = "all"
chids = ["{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"]
```

## Source
Driver publishing workflow for Windows 10, section 3.5.1: with both a
distribution targeting list and installation targeting, Windows Update uses
the intersection of the two CHID sets.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import labelled_submissions

CODE = "SHP005"
NAME = "targeting-reaches-nobody"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    from infcheck.publish.plan import normalized_chids  # loaded only when a plan is checked

    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        label_chids = normalized_chids(label.chids)
        if not label_chids:
            continue
        package = plan.package(submission)
        if package is None or not package.target_computers:
            continue
        if label_chids.isdisjoint(package.target_computers):
            yield ctx.report(
                plan.value_span(label.key + ("chids",)),
                f"label '{label.id}' reaches no system: none of its CHIDs is in the [TargetComputers] of "
                f"{submission.inf}, and Windows Update distributes to systems in both lists only",
            )
