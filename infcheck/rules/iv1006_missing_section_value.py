r"""A directive of a filter-install, add-power-setting or component-install section has no value.

## What it does
Reports `FilterLevel`, `FilterPosition`, `SubGroup`, `Setting`, `Value`,
`ValueRange`, `Default` and `ComponentIDs` written with nothing after the
`=` in a section that `AddFilter`, `AddPowerSetting` or `AddComponent`
names, and `TriggerType`, `Action`, `SubType`, `DataItem` in the sections
`AddTrigger` and `FailureActions` name.

## Why is this bad?
The first field of each of these directives is required: the level name
or the Upper/Lower position of a filter, the GUID of a power setting or
subgroup, the index of an allowed value, the range bounds, the power scheme
a default applies to, the component IDs, the trigger type, subtype, data
type and action of a service trigger, the failure action of a service. Without it Windows has nothing to
register, and InfVerif reports the missing value as an error.

## Example
```inf
[Contoso_Filter_Install]
FilterPosition =
```

## Use instead
```inf
[Contoso_Filter_Install]
FilterPosition = Lower
```

## Source
InfVerif 1006 ("Missing value for ..."). The required fields come from
learn.microsoft.com/windows-hardware/drivers/install/inf-addfilter-directive,
learn.microsoft.com/windows-hardware/drivers/install/inf-addpowersetting-directive and
learn.microsoft.com/windows-hardware/drivers/install/inf-addcomponent-directive and
learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive (AddTrigger,
FailureActions). Partial:
InfVerif may require values of other directives too.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.fixed_form_sections import FORMS, formed_sections, naming_directives
from infcheck.package_model import package_model

CODE = "IV1006"
NAME = "missing-section-value"
SEVERITY = "error"
INFVERIF = (1006,)
# The sections of fixed form are named by these directives; FailureActions lies in a
# service-install section, which only an AddService names.
TRIGGERS = naming_directives(FORMS)

# The directives whose first field Microsoft documents as required, lower case.
_NEEDS_VALUE = frozenset(
    {
        "filterlevel",
        "filterposition",
        "subgroup",
        "setting",
        "value",
        "valuerange",
        "default",
        "componentids",
        "triggertype",
        "action",
        "subtype",
        "dataitem",
    }
)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for formed in formed_sections(package_model(ctx.index)):
        for key, entries in formed.directives.items():
            if key not in _NEEDS_VALUE:
                continue
            for entry in entries:
                first = entry.value(0)
                if first is not None and first.resolved.strip().strip('"'):
                    continue
                yield ctx.report(
                    entry.key_span or entry.span,
                    f"{entry.key} in [{formed.name}] has no value; give it the value its {formed.form.kind} needs",
                )
