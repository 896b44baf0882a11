r"""A software-install section leaves out what its SoftwareType needs.

## What it does
For each section an `AddSoftware` directive names, reports a
`SoftwareType = 1` (a Win32 program) without `SoftwareBinary`, and a
`SoftwareType = 2` (a Microsoft Store app) without `SoftwareID`. The finding
points at the `SoftwareType` value.

## Why is this bad?
Windows runs the program `SoftwareBinary` names, or fetches the app
`SoftwareID` names (`pfn://...`); without it there is nothing to install,
and InfVerif rejects the section.

## Example
```inf
[Contoso_Software]
SoftwareType    = 1
SoftwareVersion = 1.0.0.0
```

## Use instead
```inf
[Contoso_Software]
SoftwareType      = 1
SoftwareBinary    = ContosoSetup.exe
SoftwareArguments = /quiet
SoftwareVersion   = 1.0.0.0
```

## Source
InfVerif 1142; learn.microsoft.com/windows-hardware/drivers/install/inf-addsoftware-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import first_keys, sections_named_by
from infcheck.package_model import package_model, parse_number

CODE = "IV1142"
NAME = "incomplete-software-install"
SEVERITY = "error"
INFVERIF = (1142,)
TRIGGERS = ("addsoftware",)

# SoftwareType -> the key it needs.
_NEEDED = {1: "SoftwareBinary", 2: "SoftwareID"}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for named in sections_named_by(package_model(ctx.index), "addsoftware", 2):
        keys = first_keys(named.sections)
        entry = keys.get("softwaretype")
        value = entry.value(0) if entry is not None else None
        if value is None:
            continue
        software_type = parse_number(value.resolved.strip().strip('"'))
        needed = _NEEDED.get(software_type) if software_type is not None else None
        present = keys.get(needed.lower()) if needed is not None else None
        if needed is not None and (present is None or all(v.is_empty for v in present.values)):
            yield ctx.report(
                value.span,
                f"[{named.sections[0].name}] has SoftwareType = {software_type} but no {needed}; add {needed} "
                "naming what to install",
            )
