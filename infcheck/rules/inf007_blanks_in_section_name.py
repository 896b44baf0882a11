"""A section name starts or ends with blanks inside its brackets.

## What it does
Reports a section header whose name begins or ends with a space or a tab
between the brackets, such as `[ Version ]`.

## Why is this bad?
Windows keeps those blanks as part of the name: `[ Version ]` is a section
called " Version ", not `[Version]`, so Windows does not find it where it
looks for `[Version]`, `[Strings]` or the section an entry names. Only a
quoted reference with the same blanks (`" Install "`) reaches such a section;
if that is what you mean, disable the finding on that line.

## Example
```inf
[ Version ]
Signature = "$Windows NT$"
```

## Use instead
```inf
[Version]
Signature = "$Windows NT$"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files
(section names referenced without quotes have no leading or trailing blanks); that
Windows keeps the blanks is recorded in the Wine project's setupapi parser tests
(wine-mirror/wine, dlls/setupapi/tests/parser.c, `section_names`: the header
`[  Test Section  ]` is found only as "  Test Section  "), which pass on Windows.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import SectionContext
from infcheck.knowledge.sections import FIXED_SECTION_KEYS

CODE = "INF007"
NAME = "blanks-in-section-name"
SEVERITY = "warning"
SCOPE = "section"

_BLANKS = " \t"


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    for section in ctx.sections:
        name = section.name
        if not name or (name[0] not in _BLANKS and name[-1] not in _BLANKS):
            continue
        meant = name.strip(_BLANKS)
        if not meant:
            continue  # a name of blanks only names nothing else
        if meant.lower() in FIXED_SECTION_KEYS or meant.lower().startswith("strings."):
            message = (
                f"Windows does not read [{name}] as [{meant}]: the blanks inside the brackets are part "
                f"of the name; write [{meant}]"
            )
        else:
            message = (
                f"the blanks inside [{name}] are part of the section's name, so a reference to {meant} "
                f"does not reach it; write [{meant}]"
            )
        yield ctx.report(section.name_span, message)
