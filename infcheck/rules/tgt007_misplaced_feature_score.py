"""FeatureScore is outside a DDInstall section, or given twice.

## What it does
Reports a `FeatureScore` directive in a section that no Models entry installs
from (for example a `.HW` or `.Services` section, or `[DefaultInstall]`), and
a second `FeatureScore` in the same section.

## Why is this bad?
Windows only honours FeatureScore written directly in the DDInstall section
that a Models entry selects; anywhere else it is ignored and the driver ranks
with the default score 0xFF, so Windows Update may prefer another driver over
the one being published. Two values in one section leave the reader guessing
which one counts.

## Example
```inf
[Sensor_Install.NT.HW]
FeatureScore = 0xF6
```

## Use instead
```inf
[Sensor_Install.NT]
FeatureScore = 0xF6
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-featurescore-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "TGT007"
NAME = "misplaced-feature-score"
SEVERITY = "warning"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    index = ctx.index
    first_in_section: dict[str, int] = {}
    for entry in index.directive("featurescore"):
        section = entry.section
        if section is None:
            continue
        if section.key in first_in_section:
            yield ctx.report(
                entry.key_span or entry.span,
                f"FeatureScore is already given on line {first_in_section[section.key]} of [{section.name}]",
            )
            continue
        first_in_section[section.key] = entry.line
        if not index.is_ddinstall_section(section):
            yield ctx.report(
                entry.key_span or entry.span,
                f"FeatureScore in [{section.name}] is ignored: Windows only reads it in a DDInstall section a Models entry names",
            )
