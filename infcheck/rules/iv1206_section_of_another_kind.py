"""A directive names a section that another directive uses as a different kind of section.

## What it does
Reports a section named by directives that expect different kinds of
section, for example a `CopyFiles` file list that an `AddReg` directive also
names as a registry section, or a service-install section also named by
`AddInterface`. The finding is on the section's header.

## Why is this bad?
A section can only hold one kind of line: whatever it holds is wrong for one
of the two directives, which then installs garbage or nothing. InfVerif
rejects the INF.

## Example
```inf
[Install.NTamd64]
CopyFiles = Contoso_Files
AddReg    = Contoso_Files
```

## Use instead
```inf
[Install.NTamd64]
CopyFiles = Contoso_Files
AddReg    = Contoso_AddReg
```

## Source
InfVerif 1206; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.directives import DIRECTIVES
from infcheck.package_model import DIRECTIVES_BY_SECTION_KIND, SectionUse, package_model, section_uses

CODE = "IV1206"
NAME = "section-of-another-kind"
SEVERITY = "error"
INFVERIF = (1206,)
# A finding needs sections of two kinds (package_model.section_uses), so at least one kind other
# than the registry sections of AddReg, DelReg and BitReg: a directive naming one of those.
TRIGGERS = tuple(
    sorted(
        {
            directive
            for kind, directives in DIRECTIVES_BY_SECTION_KIND.items()
            if kind != "registry"
            for directive in directives
        }
    )
)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    for target, uses in section_uses(package_model(ctx.index)).items():
        if len(uses) < 2:  # a section named once is shared by nothing
            continue
        sections = document.sections_named(target)
        if not sections:
            continue
        first = uses[0]
        other = next((use for use in uses[1:] if use.kind != first.kind), None)
        if other is None:
            continue
        yield ctx.report(
            sections[0].name_span,
            f"[{sections[0].name}] is named by {_named(first)} and by {_named(other)}; "
            "a section holds one kind of line, so give each directive its own section",
        )


def _named(use: SectionUse) -> str:
    return f"{DIRECTIVES[use.directive].name} ({use.kind})"
