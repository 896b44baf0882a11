r"""A section whose directives Microsoft lists holds one that is not on the list.

## What it does
Reports a directive other than `FilterLevel` and `FilterPosition` in a
section an `AddFilter` names, and a directive other than `SubGroup`,
`Setting`, `Value`, `ValueRange` and `Default` in a section an
`AddPowerSetting` names; likewise for the sections `AddTrigger` names
(`TriggerType`, `Action`, `SubType`, `DataItem`) and the section
`FailureActions` names (`ResetPeriod`, `NonCrashFailures`, `Action`).

## Why is this bad?
Microsoft lists every directive these sections take. Anything else, most
often a misspelt `FilterPosition` or `ValueRange`, is not read, so the
filter, power setting, trigger or failure action is not installed as
written. InfVerif reports
the directive as an error.

## Example
```inf
[Contoso_Filter_Install]
FilterPositon = Lower
```

## Use instead
```inf
[Contoso_Filter_Install]
FilterPosition = Lower
```

## Source
InfVerif 1290 ("Invalid directive '...' for [...] section"). The directive lists come from
learn.microsoft.com/windows-hardware/drivers/install/inf-addfilter-directive and
learn.microsoft.com/windows-hardware/drivers/install/inf-addpowersetting-directive and
learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive (AddTrigger,
FailureActions sections). Partial:
InfVerif may judge the directives of other sections too.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.fixed_form_sections import FORMS, formed_sections, naming_directives
from infcheck.package_model import package_model

CODE = "IV1290"
NAME = "unknown-section-directive"
SEVERITY = "error"
INFVERIF = (1290,)
TRIGGERS = naming_directives(FORMS)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for formed in formed_sections(package_model(ctx.index)):
        known = formed.form.known
        if known is None:
            continue
        known_keys = {name.lower() for name in known}
        for key, entries in formed.directives.items():
            if key in known_keys:
                continue
            for entry in entries:
                yield ctx.report(
                    entry.key_span or entry.span,
                    f"{formed.form.a_kind} does not take '{entry.key}'; [{formed.name}] can hold only "
                    f"{', '.join(known)}",
                )
