"""No [DefaultInstall] section of a primitive INF is decorated with an architecture.

## What it does
In an INF with `[DefaultInstall...]` sections, reports the first of them
when none is decorated with an architecture (`.NTamd64`, `.NTarm64`,
`.NT$ARCH$` in a template...).

An INF with a plain `[DefaultInstall]` is left to IV1420 and IV1421: InfVerif
does not process it as a primitive INF at all, and in every published run on
such a file (the minifilter samples, Windows-driver-samples issues 889-897
and 1041) it printed 1420 and 1421 but never 1423.

## Why is this bad?
A primitive driver is installed only from `[DefaultInstall.NT<arch>]`.
Without one the INF installs nothing through the driver store; InfVerif
rejects it.

## Example
```inf
[DefaultInstall.NT]
CopyFiles = Tool_Files
```

## Use instead
```inf
[DefaultInstall.NTamd64]
CopyFiles = Tool_Files
```

## Source
InfVerif 1423; learn.microsoft.com/windows-hardware/drivers/develop/creating-a-primitive-driver.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1423"
NAME = "primitive-install-without-architecture"
SEVERITY = "error"
INFVERIF = (1423,)
TRIGGERS = ("[defaultinstall]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    installs = [
        primitive
        for primitive in package_model(ctx.index).primitive_sections
        if not primitive.uninstall and primitive.is_install_section
    ]
    not_primitive = any(primitive.decoration == "" for primitive in installs)
    if installs and not not_primitive and all(primitive.architecture is None for primitive in installs):
        section = installs[0].section
        yield ctx.report(
            section.name_span,
            "a primitive driver needs an architecture-decorated [DefaultInstall.NT<arch>] section; add one",
        )
