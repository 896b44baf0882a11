"""A section that nothing in the INF uses.

## What it does
Reports the header of each section Windows never processes: not a section it
finds by name (`[Version]`, `[Strings]`, `[SourceDisks*]`, `[DestinationDirs]`,
`[Manufacturer]`, `[DefaultInstall*]`, `[ClassInstall32*]`, `[ControlFlags]`,
`[TargetComputers]`...), not a Models section, not an install section a Models
entry names (with any decoration and its `.Services`, `.HW`... family), not
listed in `[DestinationDirs]`, not the `.Security` section of a used one, and
not named by any directive of a section that is used.

## Why is this bad?
Windows ignores a section nothing names, so what it holds never happens. It is
most often a typing mistake in the directive that meant to name it, or a
leftover of an older version of the package.

## Example
```inf
[Contoso_Install.NT]
AddReg = Contoso_AddReg

[Contoso_Addreg_Old]
HKR,,Mode,0x00010001,1
```

## Use instead
```inf
[Contoso_Install.NT]
AddReg = Contoso_AddReg

[Contoso_AddReg]
HKR,,Mode,0x00010001,1
```

## Source
InfVerif 2083; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model
from infcheck.package_reach import used_sections

CODE = "IV2083"
NAME = "unused-section"
SEVERITY = "warning"
INFVERIF = (2083,)
# Without a [Version] section the rule reports nothing (see check).
TRIGGERS = ("[version]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not ctx.index.version.sections:
        return  # not an INF Windows would read (an autorun.inf, say): nothing is "used" in it
    used = used_sections(package_model(ctx.index))
    reported: set[str] = set()
    for section in ctx.document.sections:
        key = section.key
        if key in used or key in reported or not key:
            continue
        reported.add(key)
        yield ctx.report(
            section.name_span,
            f"nothing uses [{section.name}], so Windows never processes it; name it from the directive "
            "meant to use it, or delete it",
        )
