"""A [DefaultUninstall.NT<arch>] section does not set LegacyUninstall=1.

## What it does
Reports each architecture-decorated `[DefaultUninstall.NT<arch>]` section
when neither it nor a section of its family (`.Services`...) sets
`LegacyUninstall = 1`.

## Why is this bad?
Windows ignores `[DefaultUninstall]` for primitive drivers, which it removes
by itself. `LegacyUninstall=1` marks the section as meant for older Windows
only, so the same INF serves both; InfVerif requires it.

## Example
```inf
[DefaultUninstall.NTamd64]
DelFiles = Tool_Files
```

## Use instead
```inf
[DefaultUninstall.NTamd64]
LegacyUninstall = 1
DelFiles        = Tool_Files
```

## Source
InfVerif 1422; learn.microsoft.com/windows-hardware/drivers/develop/creating-a-primitive-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1422"
NAME = "legacy-uninstall-missing"
SEVERITY = "error"
INFVERIF = (1422,)
TRIGGERS = ("[defaultuninstall]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    uninstalls = [primitive for primitive in model.primitive_sections if primitive.uninstall]
    for primitive in uninstalls:
        if primitive.architecture is None or not primitive.is_install_section:
            continue
        section = primitive.section
        family = [
            other.section
            for other in uninstalls
            if other.decoration == primitive.decoration or other.decoration.startswith(primitive.decoration + ".")
        ]
        if not any(_sets_legacy_uninstall(model, member) for member in family):
            yield ctx.report(
                section.name_span, f"[{section.name}] should set LegacyUninstall = 1 so primitive installs skip it"
            )


def _sets_legacy_uninstall(model, section):
    values = [entry.value(0) for entry in model.directives_in(section.name, "legacyuninstall")]
    return any(value is not None and value.resolved.strip() == "1" for value in values)
