r"""A section a directive names lacks a directive Microsoft documents as required there.

## What it does
Reports, at the section header:
- a filter-install section (named by `AddFilter`) with neither `FilterLevel`
  nor `FilterPosition`;
- an add-power-setting section (named by `AddPowerSetting`) without a
  `Setting` directive, or without any `Default` directive;
- a component-install section (named by `AddComponent`) without
  `ComponentIDs`;
- a service-trigger-install section (named by `AddTrigger`) without
  `TriggerType`, `Action` or `SubType`, and a service-failure-actions-install
  section (named by `FailureActions`) without `Action`.

## Why is this bad?
Windows cannot place a filter that names no level or position, cannot
create a power setting without the GUID `Setting` gives or the defaults for
each power scheme, and cannot create a software component without the IDs
that become its hardware IDs, and cannot register a service trigger or
failure action it is not told the type, event or action of. InfVerif reports the missing directive as an
error.

## Example
```inf
[Contoso.NT.Components]
AddComponent = ContosoTool, , Tool_Component

[Tool_Component]
Description = %ToolDesc%
```

## Use instead
```inf
[Tool_Component]
ComponentIDs = VEN_CONTOSO&CID_TOOL
Description  = %ToolDesc%
```

## Source
InfVerif 1289 ("Missing directive '...' under [...] section"). The required directives come from
learn.microsoft.com/windows-hardware/drivers/install/inf-addfilter-directive and
learn.microsoft.com/windows-hardware/drivers/develop/device-filter-driver-ordering (a filter
section must contain FilterLevel or FilterPosition),
learn.microsoft.com/windows-hardware/drivers/install/inf-addpowersetting-directive (one Setting
directive is required; the Default directives must be included) and
learn.microsoft.com/windows-hardware/drivers/install/inf-addcomponent-directive (each
component-install section must have at least ComponentIDs) and
learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive (the forms of the
AddTrigger and FailureActions sections). Partial: InfVerif may require
directives in other sections too.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.fixed_form_sections import FORMS, formed_sections, naming_directives
from infcheck.package_model import package_model

CODE = "IV1289"
NAME = "missing-section-directive"
SEVERITY = "error"
INFVERIF = (1289,)
TRIGGERS = naming_directives(FORMS)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for formed in formed_sections(package_model(ctx.index)):
        for group in formed.form.required:
            if any(name.lower() in formed.directives for name in group):
                continue
            wanted = " or ".join(group)
            yield ctx.report(
                formed.sections[0].name_span,
                f"[{formed.name}] is {formed.form.a_kind} without {wanted}; add {wanted}",
            )
