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


def checked_ids(ctx) -> Iterator[DeviceId]:
    """Every hardware and compatible ID of every Models entry named by [Manufacturer], after
    string substitution, minus the IDs listed in the rule's ``allowed-ids`` option."""
    allowed = {text.lower() for text in ctx.options.get("allowed-ids", ())}
    for _models_entry, device_id in ctx.index.device_ids():
        text = device_id.hardware_id.text
        if text and text.lower() not in allowed:
            yield device_id


def kind_of(device_id: DeviceId) -> str:
    return "compatible ID" if device_id.compatible else "hardware ID"
