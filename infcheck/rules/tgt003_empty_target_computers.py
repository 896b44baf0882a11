"""[TargetComputers] lists no CHID.

## What it does
Reports a `[TargetComputers]` section with no lines at all.

## Why is this bad?
Installation targeting applies only when the section lists at least one
CHID; an empty section restricts nothing, so the package installs on every
system with a matching device, and Partner Center publishes it to every such
system through Windows Update. That is rarely what someone who wrote the
section meant: usually the CHIDs were lost in an edit.

## Example
```inf
[TargetComputers]

[Manufacturer]
```

## Use instead
```inf
[TargetComputers]
{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}

[Manufacturer]
```

## Source
Driver publishing workflow for Windows 10, section 3.3.1.2 "PnP installation".
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._targeting import TARGET_COMPUTERS

CODE = "TGT003"
NAME = "empty-target-computers"
SEVERITY = "warning"
TRIGGERS = ("[targetcomputers]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    sections = ctx.document.sections_named(TARGET_COMPUTERS)
    if sections and not any(section.entries for section in sections):
        yield ctx.report(
            sections[0].header_span,
            "[TargetComputers] lists no CHID, so the package is not restricted to any system",
        )
