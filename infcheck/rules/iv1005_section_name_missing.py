r"""A directive that names sections names none.

## What it does
Reports a directive whose values are all section names (`CopyFiles`,
`AddReg`, `DelReg`, `AddProperty`, `Needs`...) when it is left empty, and a
`KmdfService`, `UmdfService`, `AddSoftware`, `AddComponent` or `AddFilter`
whose section field is empty. The finding points at the directive's name.

## Why is this bad?
Windows has nothing to apply: the files, registry values or service the line
was written for are not installed. InfVerif rejects the directive.

## Example
```inf
[Contoso_Install.NT]
CopyFiles =
AddReg    = Contoso_AddReg
```

## Use instead
```inf
[Contoso_Install.NT]
CopyFiles = Contoso_Files
AddReg    = Contoso_AddReg
```

## Source
InfVerif 1005; learn.microsoft.com/windows-hardware/drivers/install/inf-copyfiles-directive,
inf-addreg-directive and the pages of the other directives.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.directives import SECTION_REFERENCES

CODE = "IV1005"
NAME = "section-name-missing"
SEVERITY = "error"
INFVERIF = (1005,)

# Directives whose named section is required, with its 0-based field (the rest are optional:
# AddService = ,2 installs no service, AddInterface may go without an install section).
_REQUIRED_FIELD = {"kmdfservice": 1, "umdfservice": 1, "addsoftware": 2, "addcomponent": 2, "addfilter": 2}


# The directives whose section is required -> the field naming it (None: every field names one);
# worked out once rather than on every file.
_CHECKED: dict[str, int | None] = {
    directive: _REQUIRED_FIELD.get(directive)
    for directive, positions in SECTION_REFERENCES.items()
    if positions == "all" or directive in _REQUIRED_FIELD
}
_NOT_CHECKED = -1
# The rule reads nothing but the directives it checks.
TRIGGERS = tuple(sorted(_CHECKED))


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    # Every directive that names sections is grouped by the index (outside [Strings] and the preamble),
    # and a file uses only a few of them: those are the ones looked at.
    for directive, entries in ctx.index.directives.items():
        required = _CHECKED.get(directive, _NOT_CHECKED)
        if required == _NOT_CHECKED:
            continue
        for entry in entries:
            if required is None:
                values = entry.values
                # Nearly every line names its section first, which settles it without a look at the rest.
                missing = not values or (values[0].is_empty and all(value.is_empty for value in values))
            else:
                value = entry.value(required)
                missing = value is None or value.is_empty
            if missing:
                key = entry.key_span
                yield ctx.report(
                    key if key is not None else entry.span,
                    f"{entry.key} names no section; give the section it applies, or remove the line",
                )
