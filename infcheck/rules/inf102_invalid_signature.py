"""[Version] has no valid Signature.

## What it does
Reports a `[Version]` section whose `Signature` is missing or is neither
`$Windows NT$` nor `$Chicago$` (compared without regard to case).

## Why is this bad?
The signature is how Windows recognises an INF. Any other value, a missing
dollar sign included, makes the whole file invalid (InfVerif 1001).

## Example
```inf
[Version]
Signature = "Windows NT"
```

## Use instead
```inf
[Version]
Signature = "$Windows NT$"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-version-section; InfVerif 1001.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "INF102"
NAME = "invalid-signature"
SEVERITY = "error"
INFVERIF = (1001,)  # the InfVerif codes this rule mirrors
TRIGGERS = ("[version]",)

VALID_SIGNATURES = ("$windows nt$", "$chicago$")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    version = ctx.index.version
    if not version.sections:
        return
    entry = version.get("signature")
    if entry is None:
        yield ctx.report(
            version.sections[0].header_span, 'the [Version] section has no Signature; write Signature = "$Windows NT$"'
        )
        return
    value = entry.value(0)
    if value is None or value.resolved.strip().lower() not in VALID_SIGNATURES:
        written = value.resolved.strip() if value is not None else ""
        span = value.span if value is not None and not value.is_empty else entry.span
        yield ctx.report(span, f'signature \'{written}\' is not "$Windows NT$" or "$Chicago$"')
