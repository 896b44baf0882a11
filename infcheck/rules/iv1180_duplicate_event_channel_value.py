r"""Two channels of one event provider share a Value.

## What it does
For each event-provider section an `AddEventProvider` names, reports an
`AddChannel` whose channel-install section sets the same `Value` as an
earlier channel of that provider (also when both lines name the same
channel-install section). The finding is on the later `AddChannel`'s
channel-install section name.

## Why is this bad?
`Value` is the number that identifies a channel within its provider's list
of channels. Two channels with the same number cannot be told apart, and
Windows refuses to register the provider's channels.

## Example
```inf
[Contoso_Provider]
ProviderName = Contoso-Sensor
ResourceFile = %13%\contoso.dll
AddChannel = Contoso-Sensor/Admin,0x1,Contoso_Admin
AddChannel = Contoso-Sensor/Operational,0x2,Contoso_Admin
```

## Use instead
```inf
AddChannel = Contoso-Sensor/Admin,0x1,Contoso_Admin          ; Value = 16
AddChannel = Contoso-Sensor/Operational,0x2,Contoso_Operational  ; Value = 17
```

## Source
InfVerif 1180; learn.microsoft.com/windows-hardware/drivers/install/inf-addeventprovider-directive
("Value ... uniquely identifies the channel within the list of channels that the provider defines").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._events import event_channels, number_of

CODE = "IV1180"
NAME = "duplicate-event-channel-value"
SEVERITY = "error"
INFVERIF = (1180,)
TRIGGERS = ("addeventprovider",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    taken: dict[tuple[str, int], str] = {}
    for channel in event_channels(ctx.index):
        number = number_of(channel.keys.get("value"))
        if number is None or channel.section_value is None:
            continue
        key = (channel.provider_section.lower(), number)
        first = taken.get(key)
        if first is None:
            taken[key] = channel.name
            continue
        yield ctx.report(
            channel.section_value.span,
            f"channel '{channel.name}' has Value {number}, which channel '{first}' of "
            f"[{channel.provider_section}] already uses; give each channel of a provider its own Value",
        )
