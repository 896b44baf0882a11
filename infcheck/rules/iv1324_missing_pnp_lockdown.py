"""[Version] does not set PnpLockdown=1.

## What it does
Reports a `[Version]` section without a `PnpLockdown` directive, or one whose
value (after string substitution) is not `1`. When the directive is missing,
the diagnostic carries a safe fix that adds `PnpLockdown = 1` at the end of
`[Version]`.

## Why is this bad?
`PnpLockdown=1` tells Windows to keep the files a driver installs from being
changed by anything but a driver update. Without it other software may
replace the driver's binaries. InfVerif warns about it in most modes and
fails the package under the Windows Driver (`/w`) mode, and the HLK for
Windows Server 2025 requires it.

## Example
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Sensor
```

## Use instead
```inf
[Version]
Signature   = "$Windows NT$"
Class       = Sensor
PnpLockdown = 1
```

## Source
InfVerif 1324; learn.microsoft.com/windows-hardware/drivers/install/inf-version-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic, Edit, Fix
from infcheck.document import Span
from infcheck.engine import DocumentContext

CODE = "IV1324"
NAME = "missing-pnp-lockdown"
SEVERITY = "warning"
INFVERIF = (1324,)
TRIGGERS = ("[version]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    version = ctx.index.version
    if not version.sections:
        return
    entry = version.get("pnplockdown")
    if entry is not None:
        value = entry.value(0)
        text = value.resolved.strip() if value is not None else ""
        if text != "1":
            span = value.span if value is not None and not value.is_empty else entry.span
            yield ctx.report(
                span, f"PnpLockdown is '{text}'; set PnpLockdown = 1 so only driver updates change its files"
            )
        return
    section = version.sections[0]
    if section.entries:
        end = section.entries[-1].span
        at = Span(end.end_line, end.end_column, end.end_line, end.end_column)
    else:
        header = section.header_span
        at = Span(header.end_line, header.end_column, header.end_line, header.end_column)
    fix = Fix("Add PnpLockdown = 1 to [Version]", (Edit(at, "\nPnpLockdown = 1"),))
    yield ctx.report(
        section.name_span,
        "[Version] does not set PnpLockdown = 1, so other software may replace the driver's files; add it",
        fix,
    )
