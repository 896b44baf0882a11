"""A plan file is not valid TOML or does not follow the plan format.

## What it does
Reports TOML syntax errors, unknown keys, values of the wrong type, values
outside their choices (`signing`, `destination`, `delivery`, `status`,
`architectures`), malformed CHIDs, and required keys that are missing
(`id`, `inf`, `submission`, `destination`, `hwids`, `partner` for partner
labels).

## Why is this bad?
A plan that cannot be read is a plan nobody checks: every other SHP rule
skips what it cannot understand. A misspelt key (`chid` for `chids`) silently
drops the targeting the team believes is there.

## Example
```toml
[[label]]
id = "wu"
submission = "audio-2.1"
destination = "windows update"
hwids = "all"
chid = ["{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"]
```

## Use instead
```toml
[[label]]
id = "wu"
submission = "audio-2.1"
destination = "windows-update"
hwids = "all"
chids = ["{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"]
```

## Source
infcheck's publishing plan format (see the README); TOML 1.0 (toml.io).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext

CODE = "SHP014"
NAME = "invalid-plan"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    for problem in ctx.document.problems:
        yield ctx.report(problem.span, problem.message)
