"""ClassGuid is malformed or does not belong to the named class.

## What it does
Reports a `ClassGuid` that is not written `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`,
a system-defined `Class` paired with another class's GUID, and a GUID of a
system-defined class paired with a different `Class` name.

## Why is this bad?
Windows files the device under the class its GUID names, so a mismatched pair
installs the device in the wrong class (with the wrong class installer and
filters), and InfVerif rejects the file (errors 1010, 1280, 1281).

## Example
```inf
[Version]
Class     = Sensor
ClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}
```

## Use instead
```inf
[Version]
Class     = Sensor
ClassGuid = {5175d334-c371-4806-b3ba-71fd53c9258d}
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/system-defined-device-setup-classes-available-to-vendors;
InfVerif 1010, 1280, 1281.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.guids import BRACED_GUID
from infcheck.knowledge.setup_classes import CLASS_BY_GUID, CLASS_BY_NAME

CODE = "INF104"
NAME = "class-guid-mismatch"
SEVERITY = "error"
INFVERIF = (1010, 1280, 1281)  # the InfVerif codes this rule mirrors


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    version = ctx.index.version
    guid_value = version.first_value("classguid")
    if guid_value is None or guid_value.is_empty:
        return
    written = guid_value.resolved.strip()
    if not BRACED_GUID.match(written):
        yield ctx.report(
            guid_value.span, f"ClassGuid '{written}' is not written {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}}"
        )
        return
    guid = written[1:-1].lower()
    class_name = version.text("class")
    known = CLASS_BY_NAME.get(class_name.lower()) if class_name else None
    if known is not None and known[1] != guid:
        yield ctx.report(
            guid_value.span,
            f"Class {known[0]} has ClassGuid {{{known[1]}}}, not {written}",
        )
        return
    owner = CLASS_BY_GUID.get(guid)
    if owner is not None and known is None:
        named = f"Class {class_name}" if class_name else "no Class"
        yield ctx.report(guid_value.span, f"{written} is the GUID of the {owner} class, but [Version] has {named}")
