"""What the PUB rules share: the device IDs they check, picked by bus, and the exceptions a team was granted."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from infcheck.engine import DeviceIdContext, JudgedId, Option

ALLOWED_IDS = Option(
    list,
    [],
    "IDs Microsoft granted an exception for (compared without regard to case); they are not reported",
)


# Prefixes of generic IDs Partner Center refuses (PUB008 reports them), upper case.
RESTRICTED_PREFIXES = ("HID_DEVI", "SERIAL_M", "ISAPNP\\PNP", "SERENUM\\PNP", "PNP", "*PNP")


def checked_ids(ctx: DeviceIdContext) -> Sequence[JudgedId]:
    """The IDs given to judge (every hardware and compatible ID of every Models entry named by
    [Manufacturer], after string substitution), minus those in the rule's ``allowed-ids`` option."""
    device_ids = ctx.device_ids
    allowed = ctx.options.get("allowed-ids")
    if not allowed:
        return device_ids
    lowered = {text.lower() for text in allowed}
    return [device_id for device_id in device_ids if device_id.hardware_id.text.lower() not in lowered]


def ids_on_bus(ctx: DeviceIdContext, buses: Collection[str]) -> Iterator[JudgedId]:
    """The checked IDs whose enumerator is one of ``buses`` (upper case, such as ``PCI``)."""
    for device_id in checked_ids(ctx):
        if device_id.hardware_id.enumerator_upper in buses:
            yield device_id


def ids_with_enumerator(ctx: DeviceIdContext) -> Iterator[JudgedId]:
    """The checked IDs that name a bus enumerator (``PCI\\...``, ``USB\\...``)."""
    for device_id in checked_ids(ctx):
        if device_id.hardware_id.enumerator is not None:
            yield device_id


def ids_starting_with(ctx: DeviceIdContext, prefixes: tuple[str, ...]) -> Iterator[tuple[JudgedId, str]]:
    """The checked IDs that start with one of ``prefixes`` (upper case; compared without regard
    to case), each with the prefix as written in the ID."""
    for device_id in checked_ids(ctx):
        text = device_id.hardware_id.text
        upper = text.upper()
        if not upper.startswith(prefixes):
            continue  # nearly every ID: settled by one test against all the prefixes
        prefix = next(prefix for prefix in prefixes if upper.startswith(prefix))
        yield device_id, text[: len(prefix)]
