r"""Two AddComponent directives of one install section create the same software component.

## What it does
Reports an `AddComponent` whose component name an earlier `AddComponent`
of the same `DDInstall.Components` family already uses (the same install
section, decorations included). The finding points at the later name.

## Why is this bad?
The component name identifies the software component device Windows
creates under the device; Microsoft requires each `AddComponent` in an INF
to have its own. With two directives for one name, one of them is skipped,
and the component it describes is never created. InfVerif reports the
duplicate as an error.

## Example
```inf
[Contoso_Install.NT.Components]
AddComponent = ContosoTool, , Tool_Component
AddComponent = ContosoTool, , Service_Component
```

## Use instead
```inf
[Contoso_Install.NT.Components]
AddComponent = ContosoTool, , Tool_Component
AddComponent = ContosoService, , Service_Component
```

## Source
InfVerif 1086 ("Duplicate ... '...' may be skipped");
learn.microsoft.com/windows-hardware/drivers/install/inf-addcomponent-directive ("Each
AddComponent directive in an INF file must have a unique value"). Partial: the same name in
install sections for different architectures or OS versions is left alone (only one of them
applies), and InfVerif may report other duplicates.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import family_base, package_model

CODE = "IV1086"
NAME = "duplicate-component"
SEVERITY = "error"
INFVERIF = (1086,)
TRIGGERS = ("addcomponent",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    entries = package_model(ctx.index).directive("addcomponent")
    if len(entries) < 2:
        return
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        name = entry.value(0)
        if name is None or entry.section is None:
            continue
        component = name.resolved.strip().lower()
        if not component:
            continue
        key = (family_base(entry.section.name), component)
        if key in seen:
            yield ctx.report(
                name.span,
                f"[{entry.section.name}] already adds the component '{name.resolved.strip()}'; Windows skips the "
                "second one, so give each AddComponent its own name",
            )
        seen.add(key)
