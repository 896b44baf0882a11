"""LoggingAutoBackup on an Analytic or Debug event channel.

## What it does
Reports `LoggingAutoBackup = 1` in a channel-install section that an
`AddChannel` line names with channel type 3 (Analytic) or 4 (Debug).

Microsoft documents the constraint but not which of InfVerif's three event
channel codes reports it: that 1181 ("value ... cannot be used with ...") is
this one is infcheck's reading of the message, not a documented mapping.

## Why is this bad?
Automatic backup of full log files is only available to Admin and
Operational channels; Analytic and Debug channels are high-volume trace
channels that Windows logs sequentially and clears each time they are
enabled. Windows refuses the channel's configuration.

## Example
```inf
[Contoso_Provider]
AddChannel = Contoso-Sensor/Debug,0x4,Contoso_Debug
[Contoso_Debug]
LoggingAutoBackup = 1
```

## Use instead
```inf
[Contoso_Debug]
LoggingMaxSize = 20971520
```

## Source
InfVerif 1181; learn.microsoft.com/windows-hardware/drivers/install/inf-addeventprovider-directive
("LoggingAutoBackup ... only for 0x1 (Admin) and 0x2 (Operational) channel-type").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._events import CHANNEL_TYPES, event_channels, number_of

CODE = "IV1181"
NAME = "event-channel-auto-backup-type"
SEVERITY = "error"
INFVERIF = (1181,)
TRIGGERS = ("addeventprovider",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    reported: set[int] = set()
    for channel in event_channels(ctx.index):
        backup = channel.keys.get("loggingautobackup")
        if number_of(backup) != 1 or channel.channel_type not in (3, 4) or backup is None:
            continue
        if id(backup) in reported:
            continue
        reported.add(id(backup))
        value = backup.value(0)
        yield ctx.report(
            value.span if value is not None else backup.span,
            f"LoggingAutoBackup = 1 cannot be used with the {CHANNEL_TYPES[channel.channel_type]} channel "
            f"'{channel.name}'; only Admin and Operational channels back up their logs, so remove it",
        )
