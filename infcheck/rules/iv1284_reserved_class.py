"""The INF uses the reserved Sample class.

## What it does
Reports a `[Version]` `Class` of `Sample`, or a `ClassGuid` of
`{78A1C341-4539-11d3-B88D-00C04FAD5171}` (the Sample class's GUID), after
string substitution.

## Why is this bad?
The Sample class is kept for Microsoft's driver samples. InfVerif rejects
other packages that install into it; a driver built from a sample has to
move to the setup class of its device, or to a class of its own.

## Example
```inf
[Version]
Class     = Sample
ClassGuid = {78A1C341-4539-11d3-B88D-00C04FAD5171}
```

## Use instead
```inf
[Version]
Class     = Sensor
ClassGuid = {5175d334-c371-4806-b3ba-71fd53c9258d}
```

## Source
InfVerif 1284; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1284"
NAME = "reserved-class"
SEVERITY = "error"
INFVERIF = (1284,)
TRIGGERS = ("class", "classguid")

SAMPLE_CLASS = "sample"
SAMPLE_CLASS_GUID = "{78a1c341-4539-11d3-b88d-00c04fad5171}"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    version = ctx.index.version
    name = version.first_value("class")
    guid = version.first_value("classguid")
    if name is not None and name.resolved.strip().strip('"').lower() == SAMPLE_CLASS:
        yield ctx.report(name.span, "Class 'Sample' is kept for Microsoft's samples; use your device's setup class")
    elif guid is not None and guid.resolved.strip().strip('"').lower() == SAMPLE_CLASS_GUID:
        yield ctx.report(
            guid.span, "ClassGuid is the Sample class's, kept for Microsoft's samples; use your device's setup class"
        )
