"""An attestation-signed or DUA submission is shared with a partner.

## What it does
Reports a label with `destination = "partner"` on a submission signed with
`signing = "attestation"`, or on a Driver Update Acceptable submission (one
with `dua_of`).

## Why is this bad?
Sharing (reselling) is only offered for HLK-certified submissions: an
attestation-signed driver cannot be shared, and neither can a submission that
went through the DUA process. Partner Center will not create the label, and
the partner who expects the driver does not get it.

## Example
```toml
[[submission]]
id = "sensor-1.0"
inf = "drivers/sensor/sensor.inf"
signing = "attestation"

[[label]]
id = "to-contoso"
submission = "sensor-1.0"
destination = "partner"
partner = "Contoso"
hwids = "all"
```

## Use instead
```toml
[[submission]]
id = "sensor-1.0"
inf = "drivers/sensor/sensor.inf"
signing = "hlk"                     # certify it, then share it
```

## Source
Driver publishing workflow for Windows 10, section 2.2 (reselling is only
available through compatibility signing), FAQ 2 (resell and DUA are not
supported for driver signing), and the note in section 3.5.4 ("It is not
possible to resell a driver submission after going through the Driver Update
Acceptable process").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PlanContext
from infcheck.rules._plan import labelled_submissions, value_or_header

CODE = "SHP003"
NAME = "share-not-allowed"
SEVERITY = "error"
APPLIES_TO = "plan"


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    plan = ctx.document
    for label, submission in labelled_submissions(plan):
        if not label.to_partner:
            continue
        if submission.signing == "attestation":
            why = "it is attestation-signed; only HLK-certified submissions can be shared"
        elif submission.is_dua:
            why = f"it is a Driver Update Acceptable update of '{submission.dua_of}', and a DUA submission cannot be shared"
        else:
            continue
        yield ctx.report(
            value_or_header(plan, label, "destination"),
            f"label '{label.id}' shares submission '{submission.id}', but {why}",
        )
