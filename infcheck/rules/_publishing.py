"""What the PUB rules share: the device IDs they check and the exceptions a team was granted."""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.engine import Option
from infcheck.index import DeviceId

ALLOWED_IDS = Option(
    list,
    [],
    "IDs Microsoft granted an exception for (compared without regard to case); they are not reported",
)


def checked_ids(ctx) -> list[DeviceId]:
    """Every hardware and compatible ID of every Models entry named by [Manufacturer], after
    string substitution, minus the IDs listed in the rule's ``allowed-ids`` option."""
    device_ids = ctx.index.all_device_ids
    allowed = ctx.options.get("allowed-ids")
    if not allowed:
        return device_ids
    allowed = {text.lower() for text in allowed}
    return [device_id for device_id in device_ids if device_id.hardware_id.text.lower() not in allowed]


def ids_starting_with(ctx, prefixes: tuple[str, ...]) -> Iterator[tuple[DeviceId, str]]:
    """The checked IDs that start with one of ``prefixes`` (upper case; compared without regard
    to case), each with the prefix as written in the ID."""
    for device_id in checked_ids(ctx):
        text = device_id.hardware_id.text
        upper = text.upper()
        for prefix in prefixes:
            if upper.startswith(prefix):
                yield device_id, text[: len(prefix)]
                break
