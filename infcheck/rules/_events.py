"""The event channels an INF adds: AddEventProvider -> provider section -> AddChannel -> channel section.

Shared by IV1180-IV1182. Source: learn.microsoft.com/windows-hardware/drivers/install/inf-addeventprovider-directive.
"""

from __future__ import annotations

from typing import NamedTuple

from infcheck.document import Entry, Value
from infcheck.index import Index
from infcheck.package_model import cached_answer, package_model, parse_number

# channel-type numbers, as AddChannel writes them.
CHANNEL_TYPES = {1: "Admin", 2: "Operational", 3: "Analytic", 4: "Debug"}
# LoggingRetention: 1 circular, 2 sequential; its default follows the channel type.
SEQUENTIAL = 2
DEFAULT_RETENTION = {1: 1, 2: 1, 3: 2, 4: 2}


class Channel(NamedTuple):
    """One AddChannel line of a provider section, with the first entry of each key of its channel section."""

    provider_section: str
    add_channel: Entry
    name: str
    channel_type: int | None
    section_value: Value | None  # the channel-install-section name, as written
    keys: dict[str, Entry]


def event_channels(index: Index) -> list[Channel]:
    """Every channel the INF's AddEventProvider directives add, in file order, each provider section once."""
    return cached_answer(package_model(index), "event_channels", lambda _: _channels(index))


def _channels(index: Index) -> list[Channel]:
    document = index.document
    found = []
    seen: set[str] = set()
    for provider in index.directive("addeventprovider"):
        section = provider.value(1)
        if section is None or section.is_empty:
            continue
        name = section.resolved.strip()
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        for line in document.entries_in(name):
            if line.key_lower != "addchannel":
                continue
            channel_name = line.value(0)
            channel_type = line.value(1)
            channel_section = line.value(2)
            keys: dict[str, Entry] = {}
            if channel_section is not None and not channel_section.is_empty:
                for entry in document.entries_in(channel_section.resolved.strip()):
                    if entry.key_lower is not None:
                        keys.setdefault(entry.key_lower, entry)
            found.append(
                Channel(
                    name,
                    line,
                    channel_name.resolved.strip() if channel_name is not None else "",
                    parse_number(channel_type.resolved) if channel_type is not None else None,
                    channel_section if channel_section is not None and not channel_section.is_empty else None,
                    keys,
                )
            )
    return found


def number_of(entry: Entry | None) -> int | None:
    """The number an entry of a channel section sets (``None``: absent or not a number)."""
    if entry is None:
        return None
    value = entry.value(0)
    return parse_number(value.resolved) if value is not None else None
