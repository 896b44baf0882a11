"""LoggingAutoBackup without sequential retention.

## What it does
Reports `LoggingAutoBackup = 1` in the channel-install section of an Admin
or Operational channel whose `LoggingRetention` is not 2 (sequential),
either written so or left to the default, which is 1 (circular) for those
two channel types.

Microsoft documents the constraint but not which of InfVerif's three event
channel codes reports it: that 1182 ("expecting ...=... for ...=...") is
this one is infcheck's reading of the message, not a documented mapping.

## Why is this bad?
A circular log overwrites its oldest events and never fills up, so there is
nothing to back up; Windows accepts `LoggingAutoBackup = 1` only together
with sequential retention.

## Example
```inf
[Contoso_Admin]
LoggingAutoBackup = 1
```

## Use instead
```inf
[Contoso_Admin]
LoggingRetention  = 2
LoggingAutoBackup = 1
```

## Source
InfVerif 1182; learn.microsoft.com/windows-hardware/drivers/install/inf-addeventprovider-directive
("You can set the LoggingAutoBackup to 1 only if the LoggingRetention is set to 0x2 (sequential)").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._events import DEFAULT_RETENTION, SEQUENTIAL, event_channels, number_of

CODE = "IV1182"
NAME = "event-channel-retention-mismatch"
SEVERITY = "error"
INFVERIF = (1182,)
TRIGGERS = ("addeventprovider",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    reported: set[int] = set()
    for channel in event_channels(ctx.index):
        backup = channel.keys.get("loggingautobackup")
        if backup is None or number_of(backup) != 1 or channel.channel_type not in (1, 2):
            continue
        retention_entry = channel.keys.get("loggingretention")
        retention = (
            number_of(retention_entry) if retention_entry is not None else DEFAULT_RETENTION[channel.channel_type]
        )
        if retention == SEQUENTIAL or id(backup) in reported:
            continue
        reported.add(id(backup))
        written = "is not 2" if retention_entry is not None else "is left to its default, 1 (circular)"
        value = backup.value(0)
        yield ctx.report(
            value.span if value is not None else backup.span,
            f"LoggingAutoBackup = 1 needs LoggingRetention = 2 (sequential), but the retention of channel "
            f"'{channel.name}' {written}; set LoggingRetention = 2 or remove LoggingAutoBackup",
        )
