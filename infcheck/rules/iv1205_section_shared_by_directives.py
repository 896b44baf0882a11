"""One section is named by two different directives of the same kind.

## What it does
Reports a section that two different directives name as the same kind of
section, such as a file list named by both `CopyFiles` and `DelFiles`, or a
registry section named by both `AddReg` and `DelReg`. The finding is on the
section's header.

## Why is this bad?
The same lines then mean two different operations, so changing the section
for one directive silently changes the other; usually one of the two names
is a typo. InfVerif warns about it; when the sharing is intended, keep it
and suppress the warning.

## Example
```inf
[Install.NTamd64]
CopyFiles = Driver_Files
DelFiles  = Driver_Files
```

## Use instead
```inf
[Install.NTamd64]
CopyFiles = Driver_Files
DelFiles  = Old_Driver_Files
```

## Source
InfVerif 1205; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.directives import DIRECTIVES
from infcheck.package_model import DIRECTIVES_BY_SECTION_KIND, package_model, section_uses

CODE = "IV1205"
NAME = "section-shared-by-directives"
SEVERITY = "warning"
INFVERIF = (1205,)
# A finding needs two directives naming the same kind of section (package_model.section_uses), and
# any two of one kind hold one that is not the first of its kind in alphabetical order.
TRIGGERS = tuple(
    sorted(directive for directives in DIRECTIVES_BY_SECTION_KIND.values() for directive in directives[1:])
)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    for target, uses in section_uses(package_model(ctx.index)).items():
        if len(uses) < 2:  # a section named once is shared by nothing
            continue
        sections = document.sections_named(target)
        if not sections:
            continue
        by_kind: dict[str, list[str]] = {}
        for use in uses:
            directives = by_kind.setdefault(use.kind, [])
            if use.directive not in directives:
                directives.append(use.directive)
        for kind, directives in by_kind.items():
            if len(directives) < 2:
                continue
            first, second = (DIRECTIVES[name].name for name in directives[:2])
            yield ctx.report(
                sections[0].name_span,
                f"{kind} section [{sections[0].name}] is named by both {first} and {second}; "
                "give each directive its own section unless both really mean the same lines",
            )
