"""The decision query on Spark (local mode): the same decisions as the reference engine, and Parquet folders.

Needs Java and PySpark (the spark extra); without them these tests skip and say
which is missing, unless INFCHECK_E2E_REQUIRED=1 (set by .ci/run, which installs
both), in which case a missing piece is a failure. One Spark session serves them all.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from test_fleet import EXPECTED, INVENTORY_DRIVERS, SIMULATE, _convert, every_scenario

from infcheck.publish.fleet_command import FleetRequest, run
from infcheck.publish.ranking import ModelsMatch
from infcheck.publish.scenario import Device, Driver, Scenario, System, load_scenario
from infcheck.publish.simulate import simulate

pytestmark = pytest.mark.slow


def _missing() -> list[str]:
    missing = []
    if importlib.util.find_spec("pyspark") is None:
        missing.append("PySpark is not installed (pip install '.[spark]')")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        missing.append("Java is not installed (apt-get install openjdk-17-jre-headless)")
    return missing


@pytest.fixture(scope="module")
def spark_fleet():
    missing = _missing()
    if missing:
        if os.environ.get("INFCHECK_E2E_REQUIRED") == "1":
            pytest.fail("; ".join(missing))
        pytest.skip("; ".join(missing))
    os.environ.setdefault("SPARK_MASTER", "local[2]")
    os.environ.setdefault("INFCHECK_SPARK_PARTITIONS", "2")
    from infcheck.publish.fleet_spark import SparkFleet, spark_session

    session = spark_session()
    session.sparkContext.setLogLevel("ERROR")
    yield SparkFleet
    session.stop()


def merged(scenarios: list[tuple[str, Scenario]]) -> Scenario:
    """All scenarios as one, each one's drivers, systems and IDs prefixed so that none meets another's.

    Starting Spark jobs costs seconds each, so the scenarios are decided in one run; the prefixes
    keep their drivers apart (no device lists another scenario's IDs) and keep every order.
    """
    drivers: dict[str, Driver] = {}
    systems: list[System] = []
    for number, (_, scenario) in enumerate(scenarios):
        prefix = f"{number}|"
        for driver in scenario.drivers.values():
            entries = tuple(
                ModelsMatch(
                    prefix + entry.hardware_id if entry.hardware_id else None,
                    tuple(prefix + compatible for compatible in entry.compatible_ids),
                    entry.feature_score,
                )
                for entry in driver.entries
            )
            package = prefix + driver.package if driver.package else None
            drivers[prefix + driver.id] = replace(driver, id=prefix + driver.id, entries=entries, package=package)
        for system in scenario.systems:
            devices = [
                Device(
                    tuple(prefix + hwid for hwid in device.hwids),
                    tuple(prefix + compatible for compatible in device.compatible_ids),
                    prefix + device.installed if device.installed else None,
                )
                for device in system.devices
            ]
            systems.append(System(prefix + system.id, system.chids, devices))
    return Scenario(Path("merged"), drivers, systems)


def test_spark_decides_every_test_scenario_as_the_reference_engine(spark_fleet, tmp_path):
    scenarios = every_scenario(tmp_path)
    reference = []
    for number, (_, scenario) in enumerate(scenarios):
        prefix = f"{number}|"
        for d in simulate(scenario):
            named = [prefix + value if value else None for value in (d.installed, d.choice, d.offer)]
            reference.append((prefix + d.system, d.device, *named))
    everything = merged(scenarios)
    assert [(d.system, d.device, d.installed, d.choice, d.offer) for d in simulate(everything)] == reference
    fleet = spark_fleet(everything.drivers)
    fleet.load_scenario(everything)
    fleet.decide()
    decided = [row[:5] for row in fleet.results()]
    fleet.close()
    assert decided == reference


class _Capture:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)


def test_spark_reads_a_parquet_folder_and_writes_one_output_file(spark_fleet, tmp_path):
    folder = tmp_path / "inventory"
    folder.mkdir()
    _convert(SIMULATE / "inventory.csv", folder / "part-0.parquet")
    output = tmp_path / "results.csv"
    scenario = load_scenario(INVENTORY_DRIVERS)
    out = _Capture()
    run(FleetRequest(drivers=scenario.drivers, inventory=folder, engine="spark", output=str(output)), out, None)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "system,device,installed,choice,offer,outcome,reason"
    assert [tuple(value or None for value in line.split(",")[:5]) for line in lines[1:]] == EXPECTED
    assert (
        "".join(out.parts).splitlines()[-1]
        == "total              2                  1                     0               1        4"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["inventory", "results.csv"]
    # The reasons too are those the DuckDB engine writes, which come from the reference engine.
    duckdb_output = tmp_path / "duckdb.csv"
    run(FleetRequest(drivers=scenario.drivers, inventory=folder, engine="duckdb", output=str(duckdb_output)), out, None)
    assert _read_csv(output) == _read_csv(duckdb_output)
    assert all(row["reason"] for row in _read_csv(output))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))
