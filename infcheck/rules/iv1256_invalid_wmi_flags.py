r"""A WMIInterface directive gives flags Windows does not define.

## What it does
Reports the flags field of a `WMIInterface` directive when it is not a
number, or sets any bit other than `0x1` (SCWMI_CLOBBER_SECURITY).

## Why is this bad?
Windows defines one flag for this directive, which lets the INF replace the
security descriptor of a WMI block already registered. Any other value is an
error InfVerif rejects.

## Example
```inf
[Contoso_Install.NT.WMI]
WMIInterface = {12345678-1234-1234-1234-123456789012}, 0x3, Contoso_WmiSecurity
```

## Use instead
```inf
[Contoso_Install.NT.WMI]
WMIInterface = {12345678-1234-1234-1234-123456789012}, 0x1, Contoso_WmiSecurity
```

## Source
InfVerif 1256; learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-wmi-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import rare_directive
from infcheck.package_model import parse_number

CODE = "IV1256"
NAME = "invalid-wmi-flags"
SEVERITY = "error"
INFVERIF = (1256,)
TRIGGERS = ("wmiinterface",)

SCWMI_CLOBBER_SECURITY = 0x1


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in rare_directive(ctx.index, "wmiinterface"):
        value = entry.value(1)
        if value is None or value.is_empty:
            continue
        text = value.resolved.strip().strip('"')
        flags = parse_number(text)
        if "%" not in text and (flags is None or flags & ~SCWMI_CLOBBER_SECURITY):
            yield ctx.report(
                value.span, f"WMIInterface flags '{text}' are not defined; use 0 or 0x1 (SCWMI_CLOBBER_SECURITY)"
            )
