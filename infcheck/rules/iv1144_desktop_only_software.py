r"""AddSoftware installs a Win32 program, which only desktop editions of Windows run.

## What it does
For each section an `AddSoftware` directive names, reports
`SoftwareType = 1` (an MSI package or a setup program).

## Why is this bad?
Software of type 1 runs only on desktop editions of Windows; on the other
product types a universal driver installs on, the software is never
installed. Type 2, an app from the Microsoft Store (`SoftwareID = pfn://...`),
works everywhere. InfVerif warns, and makes it an error under `/u`.

## Example
```inf
[Contoso_Software]
SoftwareType   = 1
SoftwareBinary = ContosoSetup.exe
```

## Use instead
```inf
[Contoso_Software]
SoftwareType = 2
SoftwareID   = pfn://Contoso.ControlPanel_abcdefgh
```

## Source
InfVerif 1144; learn.microsoft.com/windows-hardware/drivers/install/inf-addsoftware-directive
("Type 2 is supported in Universal Drivers, Type 1 is desktop-only").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import first_keys, sections_named_by
from infcheck.package_model import package_model, parse_number

CODE = "IV1144"
NAME = "desktop-only-software"
SEVERITY = "warning"
INFVERIF = (1144,)
TRIGGERS = ("addsoftware",)

WIN32_SOFTWARE = 1


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for named in sections_named_by(package_model(ctx.index), "addsoftware", 2):
        entry = first_keys(named.sections).get("softwaretype")
        value = entry.value(0) if entry is not None else None
        if value is not None and parse_number(value.resolved.strip().strip('"')) == WIN32_SOFTWARE:
            yield ctx.report(
                value.span,
                f"[{named.sections[0].name}] installs a Win32 program (SoftwareType = 1), which only desktop "
                "Windows runs; ship it as a Store app (SoftwareType = 2) to reach every product type",
            )
