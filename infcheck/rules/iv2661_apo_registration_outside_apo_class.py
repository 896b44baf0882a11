r"""An INF that is not of the AudioProcessingObject class registers an audio effect.

## What it does
Reports an add-registry line that writes under
`AudioEngine\AudioProcessingObjects` of `HKCR` (or of
`HKLM\SOFTWARE\Classes`) in an INF whose `Class` is not
`AudioProcessingObject`.

## Why is this bad?
Audio processing objects (APOs) are registered by a component INF of the
AudioProcessingObject class, which the audio device's INF adds with
`AddComponent`. A device INF writing the registration itself is not isolated
and is refused under `/w`.

## Example
```inf
[Version]
Class = MEDIA

[Contoso_APO_AddReg]
HKCR, AudioEngine\AudioProcessingObjects\%Contoso_FX_CLSID%, FriendlyName, , "Contoso effect"
```

## Use instead
```inf
[Version]
Class     = AudioProcessingObject
ClassGuid = {5989fce8-9cd0-467d-8a6a-5419e31529d4}

[Contoso_APO_AddReg]
HKR, AudioEngine\AudioProcessingObjects\%Contoso_FX_CLSID%, FriendlyName, , "Contoso effect"
```

## Source
InfVerif 2661; learn.microsoft.com/windows-hardware/drivers/audio/audio-processing-object-architecture,
learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV2661"
NAME = "apo-registration-outside-apo-class"
# InfVerif reports 2661 only under /w, where it is an error.
SEVERITY = "error"
INFVERIF = (2661,)
TRIGGERS = ("addreg",)

APO_CLASS = "audioprocessingobject"
_APO_KEY = "audioengine\\audioprocessingobjects"
_MACHINE_CLASSES = "software\\classes\\"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if (ctx.index.version.text("class") or "").strip('"').lower() == APO_CLASS:
        return
    for operation in package_model(ctx.index).registry_operations:
        if operation.directive != "addreg":
            continue
        subkey = operation.subkey.strip('"').lstrip("\\").lower()
        if operation.root == "HKLM" and subkey.startswith(_MACHINE_CLASSES):
            subkey = subkey[len(_MACHINE_CLASSES) :]
        elif operation.root != "HKCR":
            continue
        if subkey == _APO_KEY or subkey.startswith(_APO_KEY + "\\"):
            field = operation.entry.value(1)
            yield ctx.report(
                field.span if field is not None else operation.entry.span,
                "only an INF of the AudioProcessingObject class may register audio processing objects; move "
                "the registration to such a component INF and add it with AddComponent",
            )
