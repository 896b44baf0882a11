"""A [ClassInstall32] section installs a class Microsoft defines.

## What it does
Reports each `[ClassInstall32]` (or decorated `[ClassInstall32.<ext>]`)
header in an INF whose `Class` or `ClassGuid` is one of the system-defined
device setup classes, or the reserved Sample class.

## Why is this bad?
`[ClassInstall32]` creates a new setup class. Windows already defines the
system classes, and a third-party INF must not install or change them;
InfVerif rejects the package.

## Example
```inf
[Version]
Class     = Sensor
ClassGuid = {5175d334-c371-4806-b3ba-71fd53c9258d}
[ClassInstall32]
AddReg = Class_AddReg
```

## Use instead
```inf
[Version]
Class     = Sensor
ClassGuid = {5175d334-c371-4806-b3ba-71fd53c9258d}
```

## Source
InfVerif 1285; learn.microsoft.com/windows-hardware/drivers/install/inf-classinstall32-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.setup_classes import CLASS_BY_GUID, CLASS_BY_NAME

CODE = "IV1285"
NAME = "class-install-for-system-class"
SEVERITY = "error"
INFVERIF = (1285,)
TRIGGERS = ("[classinstall32]",)

_SAMPLE = ("sample", "78a1c341-4539-11d3-b88d-00c04fad5171")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    version = ctx.index.version
    name = (version.text("class") or "").strip('"').lower()
    guid = (version.text("classguid") or "").strip('"').strip("{}").lower()
    if name in CLASS_BY_NAME or name == _SAMPLE[0]:
        shown = CLASS_BY_NAME[name][0] if name in CLASS_BY_NAME else "Sample"
    elif guid in CLASS_BY_GUID or guid == _SAMPLE[1]:
        shown = CLASS_BY_GUID.get(guid, "Sample")
    else:
        return
    for section in ctx.document.sections:
        if section.key == "classinstall32" or section.key.startswith("classinstall32."):
            yield ctx.report(
                section.name_span,
                f"[{section.name}] installs the class '{shown}', a class Microsoft defines; remove the section",
            )
