"""FeatureScore is not written as two hex digits.

## What it does
Checks every `FeatureScore` directive: after string substitution its value
must be two hexadecimal digits, optionally prefixed with `0x` (`F6`, `0xF6`,
without regard to case). Values such as `xF6`, `0xF` or `246` are reported;
when the value is still a number from 0x00 to 0xFF the diagnostic carries a
fix that rewrites it as `0x` and two hex digits.

## Why is this bad?
Partner Center fails the submission when FeatureScore is not in one of these
two formats. The value also takes part in PnP ranking (lower wins), so a value
Windows misreads changes which driver is chosen.

## Example
```inf
[Sensor_Install.NT]
FeatureScore = xFD
```

## Use instead
```inf
[Sensor_Install.NT]
FeatureScore = 0xFD
```

## Source
Driver publishing workflow for Windows 10, FAQ 5 "Is there any requirement for FeatureScore
format?"; learn.microsoft.com/windows-hardware/drivers/install/inf-featurescore-directive; InfVerif 1245.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic, Edit, Fix
from infcheck.engine import DocumentContext
from infcheck.patterns import LazyPattern

CODE = "TGT006"
NAME = "invalid-feature-score"
SEVERITY = "error"
INFVERIF = (1245,)  # the InfVerif codes this rule mirrors

VALID = re.compile(r"^(?:0x)?[0-9a-f]{2}$", re.IGNORECASE)
_REPAIRABLE = LazyPattern(r"^(?:0?x)?([0-9a-f]{1,2})$", re.IGNORECASE)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in ctx.index.directive("featurescore"):
        values = entry.values
        value = values[0]
        text = value.resolved.strip()
        if len(values) > 1:
            yield ctx.report(entry.span, "FeatureScore takes one value")
            continue
        if VALID.match(text):
            continue
        repairable = _REPAIRABLE.match(text)
        fix = None
        if repairable and value.raw == text:
            fixed = f"0x{int(repairable.group(1), 16):02X}"
            fix = Fix(f"Write FeatureScore as {fixed}", (Edit(value.span, fixed),))
        yield ctx.report(
            value.span if not value.is_empty else entry.span,
            f"FeatureScore '{text}' is not written dd or 0xdd (two hex digits)",
            fix,
        )
