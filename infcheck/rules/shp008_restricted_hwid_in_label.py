r"""A label selects a hardware ID that Partner Center holds for Microsoft review.

## What it does
Runs the hardware-ID publication rules (PUB001 to PUB010) over every ID a
label selects (with `hwids = "all"`, every ID it can select) and reports each
finding, naming the PUB rule that flags the ID.

## Why is this bad?
Partner Center does not publish a label that selects a restricted ID (no bus
enumerator, a banned enumerator, a class code, a two-part PCI or HDAUDIO ID,
and so on) until Microsoft has reviewed it, which can take days, and may
refuse it. The plan's schedule is then wrong.

## Example
```toml
[[label]]
id = "wu"
submission = "audio-2.1"
destination = "windows-update"
hwids = ['HDAUDIO\FUNC_01&VEN_10EC&DEV_0889']
```

## Use instead
```toml
[[label]]
id = "wu"
submission = "audio-2.1"
destination = "windows-update"
hwids = ['HDAUDIO\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_10EC0889']
```

## Source
Driver publishing workflow for Windows 10, Table 4 "Driver Publication
Restrictions"; learn.microsoft.com/windows-hardware/drivers/dashboard/publishing-restrictions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from infcheck.diagnostics import Diagnostic
from infcheck.document import Span
from infcheck.engine import DeviceIdContext, Option, PlanContext, RuleSettings, run_rule
from infcheck.hwid import HardwareId, parse_hardware_id
from infcheck.rules._plan import selected_ids

CODE = "SHP008"
NAME = "restricted-hwid-in-label"
SEVERITY = "error"
APPLIES_TO = "plan"
OPTIONS = {
    "allowed-ids": Option(
        list, [], "IDs Microsoft granted an exception for (compared without regard to case); labels may select them"
    ),
}

# The PUB rules that judge a single ID; PUB011 is about the INF's architectures (see SHP009).
_ID_RULES = ("PUB001", "PUB002", "PUB003", "PUB004", "PUB005", "PUB006", "PUB007", "PUB008", "PUB009", "PUB010")


class _LabelId(NamedTuple):
    """A label's ID, shaped like the Models-entry IDs the PUB rules read."""

    hardware_id: HardwareId
    span: Span
    kind: str = "hardware ID"

    def span_of(self, start: int, end: int) -> Span:
        # A TOML string may escape characters, so offsets in the ID are not offsets in the file.
        return self.span


def check(ctx: PlanContext) -> Iterator[Diagnostic]:
    from infcheck.rules import RULES_BY_CODE

    plan = ctx.document
    allowed = {text.lower() for text in ctx.options.get("allowed-ids", ())}
    # Each PUB rule runs as it would on an INF, with its own severity and no exceptions of its own.
    rules = [RuleSettings(rule, rule.severity, {}) for rule in (RULES_BY_CODE[code] for code in _ID_RULES)]
    for label in plan.labels:
        ids = [
            _LabelId(parse_hardware_id(hwid.strip()), span)
            for hwid, span in selected_ids(plan, label, plan.submission(label.submission))
            if hwid.strip() and hwid.strip().lower() not in allowed
        ]
        if not ids:
            continue
        label_ids = DeviceIdContext(plan.path, ids)
        for settings in rules:
            rule = settings.rule
            for found in run_rule(label_ids, settings):
                yield ctx.report(
                    found.span,
                    f"label '{label.id}': {found.message} ({rule.code} {rule.name}); Partner Center holds the label for Microsoft review",
                )
