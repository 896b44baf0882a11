"""The fleet engines' common ground: the decision query and the driver tables it reads.

The decision of :mod:`infcheck.publish.simulate` is written once as SQL
(``decision.sql`` beside this file, portable SQL) and run by DuckDB in-process
(:mod:`infcheck.publish.fleet_duckdb`). The runtime loads the tables it reads:
the drivers' Models entries and targeting from here, the devices and the
systems' CHIDs from an inventory or a scenario.
The Python engine stays the reference; the tests run every scenario through
both and compare.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infcheck.publish.ranking import SIGNATURE_SCORES
from infcheck.publish.scenario import Device, Driver, Scenario

QUERY_FILE = Path(__file__).with_name("decision.sql")
RESULT_COLUMNS = ("system", "device", "installed", "choice", "offer", "outcome")
# An --output file also says why, in the words of --format json.
WRITTEN_COLUMNS = (*RESULT_COLUMNS, "reason")
OUTCOMES = ("offered", "already installed", "blocked by targeting", "not applicable")
OUTPUT_FORMATS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}

# Each table the query reads: (column, SQL type) in order; both runtimes create them from these.
DRIVER_SCHEMA = (
    ("driver", "VARCHAR"),
    ("ordinal", "BIGINT"),
    ("package", "VARCHAR"),
    ("published", "BOOLEAN"),
    ("targeted", "BOOLEAN"),
    ("signature_score", "BIGINT"),
    ("date_ordinal", "BIGINT"),
    ("v1", "BIGINT"),
    ("v2", "BIGINT"),
    ("v3", "BIGINT"),
    ("v4", "BIGINT"),
)
ENTRY_SCHEMA = (
    ("driver", "VARCHAR"),
    ("entry", "BIGINT"),
    ("is_hardware", "BOOLEAN"),
    ("k", "BIGINT"),
    ("id", "VARCHAR"),
    ("feature_score", "BIGINT"),
)
TARGET_SCHEMA = (("driver", "VARCHAR"), ("chid", "VARCHAR"))
DEVICE_SCHEMA = (
    ("row_id", "BIGINT"),
    ("system", "VARCHAR"),
    ("device", "VARCHAR"),
    ("device_class", "BIGINT"),
    ("chid_set", "BIGINT"),
    ("installed", "VARCHAR"),
)
CLASS_ID_SCHEMA = (
    ("device_class", "BIGINT"),
    ("position", "BIGINT"),
    ("is_hardware", "BOOLEAN"),
    ("id_position", "BIGINT"),
    ("id", "VARCHAR"),
)
SET_CHID_SCHEMA = (("chid_set", "BIGINT"), ("chid", "VARCHAR"))
CLASS_SCHEMA = (("device_class", "BIGINT"), ("hwids", "VARCHAR[]"), ("compatible_ids", "VARCHAR[]"))
SITUATION_SCHEMA = (("situation", "BIGINT"), ("device_class", "BIGINT"), ("chid_set", "BIGINT"))


class FleetError(ValueError):
    """An inventory or a run that cannot go on; the message is one line naming the file (and row, column)."""


def decision_statements() -> list[str]:
    """The statements of ``decision.sql``, each defining one view; the last is ``fleet_results``."""
    text = "\n".join(line for line in QUERY_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("--"))
    return [statement.strip() for statement in text.split(";") if statement.strip()]


@dataclass
class Columns:
    """A table as parallel lists of values, one list per column, ready to hand to a runtime."""

    schema: tuple[tuple[str, str], ...]
    values: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, _ in self.schema:
            self.values.setdefault(name, [])

    def add(self, *row: Any) -> None:
        for (name, _), value in zip(self.schema, row, strict=False):
            self.values[name].append(value)

    def rows(self) -> list[tuple[Any, ...]]:
        return list(zip(*(self.values[name] for name, _ in self.schema), strict=False))

    def __len__(self) -> int:
        return len(self.values[self.schema[0][0]])


def driver_tables(drivers: Mapping[str, Driver]) -> dict[str, Columns]:
    """``fleet_drivers``, ``fleet_entry_ids`` and ``fleet_targets`` for the query."""
    table = Columns(DRIVER_SCHEMA)
    entries = Columns(ENTRY_SCHEMA)
    targets = Columns(TARGET_SCHEMA)
    for ordinal, driver in enumerate(drivers.values()):
        targeting = driver.targeting
        version = driver.driver_ver.version
        table.add(
            driver.id,
            ordinal,
            driver.package_id,
            driver.published,
            targeting is not None,
            SIGNATURE_SCORES[driver.signature],
            driver.driver_ver.date.toordinal(),
            *version,
        )
        for number, entry in enumerate(driver.entries):
            if entry.hardware_id:
                entries.add(driver.id, number, True, 0, entry.hardware_id, entry.feature_score)
            for k, compatible in enumerate(entry.compatible_ids):
                entries.add(driver.id, number, False, k, compatible, entry.feature_score)
        for chid in sorted(targeting or ()):
            targets.add(driver.id, chid)
    return {"fleet_drivers": table, "fleet_entry_ids": entries, "fleet_targets": targets}


@dataclass
class Situations:
    """What the query needs to know about the distinct (IDs, CHIDs) situations of an inventory's devices.

    Each situation is a distinct row of raw ``hwids``, ``compatible_ids``,
    ``chids`` and SMBIOS values; the device IDs and CHIDs are normalized here,
    in Python, exactly as for a scenario file, and the CHIDs of an SMBIOS tuple
    are hashed once however many systems share it.
    """

    mapping: Columns = field(default_factory=lambda: Columns(SITUATION_SCHEMA))
    classes: Columns = field(default_factory=lambda: Columns(CLASS_SCHEMA))
    class_ids: Columns = field(default_factory=lambda: Columns(CLASS_ID_SCHEMA))
    set_chids: Columns = field(default_factory=lambda: Columns(SET_CHID_SCHEMA))
    chid_names: Columns = field(
        default_factory=lambda: Columns((("chid_set", "BIGINT"), ("name", "VARCHAR"), ("chid", "VARCHAR")))
    )
    _class_numbers: dict[tuple[tuple[str, ...], tuple[str, ...]], int] = field(default_factory=dict)
    _set_numbers: dict[frozenset[str], int] = field(default_factory=dict)

    def add(
        self,
        situation: int,
        hwids: tuple[str, ...],
        compatible_ids: tuple[str, ...],
        chids: frozenset[str],
        names: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """One situation; ``names`` pairs ``HardwareID-n`` with the CHIDs computed from SMBIOS (for ``chid``)."""
        self.mapping.add(situation, self.class_number(hwids, compatible_ids), self.set_number(chids, names))

    def class_number(self, hwids: tuple[str, ...], compatible_ids: tuple[str, ...]) -> int:
        """The ``device_class`` of normalized ID lists, numbered from 1 in order of first appearance."""
        key = (hwids, compatible_ids)
        device_class = self._class_numbers.get(key)
        if device_class is None:
            device_class = self._class_numbers[key] = len(self._class_numbers) + 1
            self.classes.add(device_class, list(hwids), list(compatible_ids))
            class_id_rows(device_class, hwids, compatible_ids, self.class_ids)
        return device_class

    def set_number(self, chids: frozenset[str], names: tuple[tuple[str, str], ...] = ()) -> int:
        """The ``chid_set`` of a system's normalized CHIDs, numbered from 1 in order of first appearance."""
        number = self._set_numbers.get(chids)
        if number is None:
            number = self._set_numbers[chids] = len(self._set_numbers) + 1
            for chid in sorted(chids):
                self.set_chids.add(number, chid)
            for name, chid in names:
                self.chid_names.add(number, name, chid)
        return number


def scenario_tables(scenario: Scenario) -> tuple[Columns, Situations]:
    """The devices of a TOML scenario's systems and their distinct situations (device IDs and CHID
    set), as the tables an inventory file would give either engine."""
    devices = Columns(DEVICE_SCHEMA)
    situations = Situations()
    numbers: dict[tuple[Any, ...], int] = {}
    for system in scenario.systems:
        for position, device in enumerate(system.devices):
            key = (device.hwids, device.compatible_ids, system.chids)
            situation = numbers.get(key)
            if situation is None:
                situation = numbers[key] = len(numbers) + 1
                situations.add(situation, device.hwids, device.compatible_ids, system.chids)
            index = situation - 1
            device_class = situations.mapping.values["device_class"][index]
            chid_set = situations.mapping.values["chid_set"][index]
            devices.add(len(devices) + 1, system.id, str(position), device_class, chid_set, device.installed)
    return devices, situations


def class_id_rows(device_class: int, hwids: Iterable[str], compatible_ids: Iterable[str], into: Columns) -> None:
    """The rows of ``fleet_class_ids`` for one distinct pair of ID lists."""
    position = 0
    for i, device_id in enumerate(hwids):
        into.add(device_class, position, True, i, device_id)
        position += 1
    for j, device_id in enumerate(compatible_ids):
        into.add(device_class, position, False, j, device_id)
        position += 1


def output_format(path: str) -> str:
    """``csv``, ``parquet`` or ``jsonl`` from a file name's extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise FleetError(f"{path}: the extension must say the format: .csv, .parquet or .jsonl (or .ndjson)")
    return OUTPUT_FORMATS[suffix]


REASON_SCHEMA = (("device_class", "BIGINT"), ("installed", "VARCHAR"), ("choice", "VARCHAR"), ("reason", "VARCHAR"))


def case_reasons(drivers: Mapping[str, Driver], cases: Iterable[tuple[Any, ...]]) -> Columns:
    """The reference engine's reason for each decided case, given as (device class, installed, choice,
    hardware IDs, compatible IDs).

    A reason depends on the device's IDs, the installed driver and, of the
    system's CHIDs, only on which targeted driver they make the choice: so it
    is written once per distinct (class, installed, choice), a few thousand
    texts however large the fleet, and both runtimes join it to their devices.
    """
    from infcheck.publish.simulate import Simulator

    simulator = Simulator(Scenario(Path("-"), dict(drivers), []))
    reasons = Columns(REASON_SCHEMA)
    for device_class, installed, choice, hwids, compatible_ids in cases:
        device = Device(tuple(hwids), tuple(compatible_ids), installed)
        applying = choice if choice is not None and drivers[choice].targeting is not None else None
        reasons.add(device_class, installed, choice, simulator.decide_targeted(device, applying)[2])
    return reasons
