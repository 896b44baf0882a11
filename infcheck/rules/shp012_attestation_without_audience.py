"""An attestation-signed driver is published to Windows Update for everyone.

## What it does
Reports a Windows Update label on a submission with `signing = "attestation"`
when the label names no restricted `audience`.

## Why is this bad?
Attestation signing skips the HLK tests, so Partner Center only publishes
attestation-signed drivers to a restricted audience (a co-development
program or machines with a test registry key). A label for everyone is held
or refused.

## Example
```toml
[[label]]
id = "wu"
submission = "sensor-1.0"           # signing = "attestation"
destination = "windows-update"
hwids = "all"
```

## Use instead
```toml
[[label]]
id = "wu"
submission = "sensor-1.0"
destination = "windows-update"
hwids = "all"
audience = "test-registry-key"
```

## Source
learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions
("Attestation signed drivers" must target a test audience).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import header_span, labelled_submissions

CODE = "SHP012"
NAME = "attestation-without-audience"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        if label.to_windows_update and submission.signing == "attestation" and not (label.audience or "").strip():
            yield ctx.report(
                header_span(plan, label),
                f"label '{label.id}' publishes attestation-signed submission '{submission.id}' to everyone; "
                'attestation-signed drivers need a restricted audience (audience = "...")',
            )
