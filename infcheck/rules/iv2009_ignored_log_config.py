"""A LogConfig directive that Windows ignores for a Plug and Play device.

## What it does
Reports a `LogConfig` directive in the install section a Models entry
selects, outside a `[*.LogConfigOverride]` section.

## Why is this bad?
For a Plug and Play device the bus driver reports the hardware resources.
Windows reads a `LogConfig` for such a device only as an override
configuration, from a `.LogConfigOverride` section; in the install section
itself the directive has no effect, so the resources it names are never
used.

## Example
```inf
[Contoso_Install.NT]
LogConfig = Contoso_Resources
```

## Use instead
```inf
; Let the bus driver report the resources and delete the directive (a
; .LogConfigOverride section would work, but universal INFs cannot have one).
```

## Source
InfVerif 2009; learn.microsoft.com/windows-hardware/drivers/install/inf-logconfig-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV2009"
NAME = "ignored-log-config"
SEVERITY = "warning"
INFVERIF = (2009,)
TRIGGERS = ("logconfig",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    install_sections = {target.section_name.lower() for target in package_model(ctx.index).install_targets}
    for entry in ctx.index.directive("logconfig"):
        section = entry.section
        if section is None or section.key not in install_sections:
            continue
        yield ctx.report(
            entry.key_span or entry.span,
            f"Windows ignores LogConfig in [{section.name}] for a Plug and Play device; remove the directive",
        )
