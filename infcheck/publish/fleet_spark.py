"""Run the decision query on Apache Spark (the ``spark`` extra): Parquet inventories beyond one machine.

The same ``decision.sql`` runs through Spark SQL over the same tables as in
DuckDB. The inventory is a Parquet file or a folder of Parquet files; the
distinct (IDs, CHIDs, SMBIOS) rows are brought to the driver and normalized
in Python, as for DuckDB, so CHIDs are still hashed once per SMBIOS tuple.
Rows have no dependable order in Spark, so errors name the system and
device instead of a row number. ``SPARK_MASTER`` (default ``local[*]``)
says where to run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from infcheck.publish.fleet import (
    RESULT_COLUMNS,
    WRITTEN_COLUMNS,
    Columns,
    FleetError,
    Situations,
    case_reasons,
    decision_statements,
    driver_tables,
    output_format,
    scenario_tables,
)
from infcheck.publish.inventory import (
    LIST_COLUMNS,
    check_column_names,
    normalized_ids,
    situation_chids,
    unexpected_kind,
)
from infcheck.publish.scenario import Driver, Scenario

_SPARK_TYPES = {"VARCHAR": "string", "BIGINT": "bigint", "BOOLEAN": "boolean", "VARCHAR[]": "array<string>"}
_DUCKDB_NAMES = {
    "string": "VARCHAR",
    "bigint": "BIGINT",
    "int": "INTEGER",
    "smallint": "SMALLINT",
    "tinyint": "TINYINT",
    "array<string>": "VARCHAR[]",
    "void": "NULL",
    "array<void>": "NULL[]",
}


def spark_session() -> Any:
    """The process's Spark session, started once (local mode unless ``SPARK_MASTER`` says otherwise)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise FleetError(
            "--engine spark needs PySpark, which the spark extra installs: pip install 'infcheck[spark]'"
        ) from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise FleetError("--engine spark needs Java 17 or later (java on PATH, or JAVA_HOME)")
    return (
        SparkSession.builder.master(os.environ.get("SPARK_MASTER", "local[*]"))
        .appName("infcheck simulate")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("INFCHECK_SPARK_PARTITIONS", "8"))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


class SparkFleet:
    """The Spark twin of :class:`~infcheck.publish.fleet_duckdb.DuckFleet`: same tables, same query."""

    def __init__(self, drivers: Mapping[str, Driver]):
        self.spark = spark_session()
        self.drivers = drivers
        self.numbered_devices = False
        self._results: Any = None
        self._devices: Any = None
        self._classes: Any = None
        self._set_chids: Any = None

    def _frame(self, name: str, table: Columns) -> Any:
        schema = ", ".join(f"`{column}` {_SPARK_TYPES[kind]}" for column, kind in table.schema)
        frame = self.spark.createDataFrame(table.rows(), schema=schema)
        frame.createOrReplaceTempView(name)
        return frame

    # Loading ----------------------------------------------------------------------------------------------------

    def load_scenario(self, scenario: Scenario) -> None:
        self.numbered_devices = True
        devices, situations = scenario_tables(scenario)
        self._devices = self._frame("fleet_devices", devices)
        self._load_situation_tables(situations)

    def _load_situation_tables(self, situations: Situations) -> None:
        self._classes = self._frame("fleet_classes", situations.classes)
        self._frame("fleet_class_ids", situations.class_ids)
        self._set_chids = self._frame("fleet_set_chids", situations.set_chids)

    def load_inventory(self, path: Path) -> None:
        from pyspark.sql import functions

        if not path.exists():
            raise FleetError(f"{path}: no such file or folder")
        if not path.is_dir() and path.suffix.lower() not in (".parquet", ".pq"):
            raise FleetError(f"{path}: --engine spark reads Parquet inventories (a .parquet file or a folder of them)")
        try:
            frame = self.spark.read.parquet(str(path))
        except Exception as error:
            first = " ".join(str(error).split("\n", 1)[0].split())
            raise FleetError(f"{path}: not a Parquet inventory ({first})") from None
        columns = {
            field.name: _DUCKDB_NAMES.get(field.dataType.simpleString(), field.dataType.simpleString())
            for field in frame.schema.fields
        }
        check_column_names(path, columns)
        for name, kind in columns.items():
            expected = unexpected_kind(name, kind)
            if expected is not None:
                raise FleetError(f"{path}: column {name}: must be {expected}, not {kind}")
        smbios_columns = [
            name for name in columns if name not in (*LIST_COLUMNS, "chids", "system", "device", "installed")
        ]
        identity = [*LIST_COLUMNS, "chids", *smbios_columns]
        selected = [
            functions.col("system").cast("string").alias("system"),
            functions.col("device").cast("string").alias("device"),
            functions.expr("nullif(trim(CAST(installed AS STRING)), '')").alias("installed"),
        ]
        for name in identity:
            if name not in columns or columns[name] in ("NULL", "NULL[]"):
                kind = "array<string>" if name in (*LIST_COLUMNS, "chids") else "string"
                selected.append(functions.lit(None).cast(kind).alias(name))
            elif name in (*LIST_COLUMNS, "chids"):
                selected.append(functions.col(name))
            else:
                selected.append(functions.col(name).cast("string").alias(name))
        rows = frame.select(*selected).withColumn("row_id", functions.monotonically_increasing_id() + 1)
        rows.createOrReplaceTempView("inventory")
        self._check_rows(path)

        raw = self.spark.sql(f"SELECT DISTINCT {', '.join(identity)} FROM inventory").collect()
        situations = Situations()
        raw_table = Columns(
            (
                ("situation", "BIGINT"),
                *((name, "VARCHAR[]" if name in (*LIST_COLUMNS, "chids") else "VARCHAR") for name in identity),
            )
        )
        cache: dict[tuple[Any, ...], tuple[frozenset[str], tuple[tuple[str, str], ...]]] = {}
        for number, row in enumerate(raw, start=1):
            values = [row[name] for name in identity]
            hwids, compatible_ids, chids, *smbios = values
            key = (tuple(chids) if chids is not None else None, *smbios)
            known = cache.get(key)
            if known is None:

                def bad_value(name: str, value: str, error: ValueError) -> FleetError:
                    return FleetError(f"{path}: column {name}: {error}")

                known = cache[key] = situation_chids(chids, dict(zip(smbios_columns, smbios, strict=True)), bad_value)
            situations.add(
                number, normalized_ids(hwids, "hwids"), normalized_ids(compatible_ids, "compatible_ids"), *known
            )
            raw_table.add(number, *values)
        self._frame("fleet_raw_situations", raw_table)
        self._frame("fleet_situation_map", situations.mapping)
        self._load_situation_tables(situations)
        matches = " AND ".join(f"i.`{name}` <=> s.`{name}`" for name in identity)
        self._devices = self.spark.sql(
            "SELECT i.row_id, i.system, i.device, m.device_class, m.chid_set, i.installed FROM inventory AS i "
            f"JOIN fleet_raw_situations AS s ON {matches} JOIN fleet_situation_map AS m ON m.situation = s.situation"
        ).cache()
        self._devices.createOrReplaceTempView("fleet_devices")
        self._check_systems(path)

    def _check_rows(self, path: Path) -> None:
        empty = self.spark.sql(
            "SELECT system, device FROM inventory WHERE system IS NULL OR trim(system) = '' OR device IS NULL "
            "OR trim(device) = '' LIMIT 1"
        ).collect()
        if empty:
            column = "system" if not (empty[0]["system"] or "").strip() else "device"
            raise FleetError(f"{path}: column {column}: an ID is empty (system {empty[0]['system']!r})")
        known = self.spark.createDataFrame([(name,) for name in self.drivers], schema="driver string")
        known.createOrReplaceTempView("inventory_known")
        unknown = self.spark.sql(
            "SELECT system, installed FROM inventory WHERE installed IS NOT NULL AND installed NOT IN "
            "(SELECT driver FROM inventory_known) LIMIT 1"
        ).collect()
        if unknown:
            raise FleetError(
                f"{path}: column installed: installed driver {unknown[0]['installed']!r} of system "
                f"{unknown[0]['system']!r} is not one of the drivers given"
            )

    def _check_systems(self, path: Path) -> None:
        disagreeing = self.spark.sql(
            "SELECT system FROM fleet_devices GROUP BY system HAVING min(chid_set) <> max(chid_set) LIMIT 1"
        ).collect()
        if disagreeing:
            raise FleetError(
                f"{path}: system {disagreeing[0]['system']!r} has different CHIDs or SMBIOS values on different rows; "
                "they repeat on each of its rows"
            )
        twice = self.spark.sql(
            "SELECT system, device FROM fleet_devices GROUP BY system, device HAVING count(*) > 1 LIMIT 1"
        ).collect()
        if twice:
            raise FleetError(f"{path}: device {twice[0]['device']!r} of system {twice[0]['system']!r} appears twice")

    # Deciding and writing ---------------------------------------------------------------------------------------

    def decide(self) -> None:
        for name, table in driver_tables(self.drivers).items():
            self._frame(name, table)
        for statement in decision_statements():
            self.spark.sql(statement)
        self._results = self._with_reasons(self.spark.table("fleet_results")).cache()
        self._results.createOrReplaceTempView("fleet_result_rows")

    def _with_reasons(self, results: Any) -> Any:
        """The results with the reference engine's reason for each case, as the DuckDB engine gives them."""
        cases = results.select("device_class", "installed", "choice").distinct().join(self._classes, "device_class")
        found = cases.select("device_class", "installed", "choice", "hwids", "compatible_ids").collect()
        reasons = self._frame("fleet_case_reasons", case_reasons(self.drivers, (tuple(row) for row in found)))
        same_case = (
            (results.device_class == reasons.device_class)
            & results.installed.eqNullSafe(reasons.installed)
            & results.choice.eqNullSafe(reasons.choice)
        )
        return results.join(reasons, same_case, "left").select(results["*"], reasons.reason)

    def _ordered(self) -> Any:
        return self._results.orderBy("row_id")

    def results(self) -> Iterator[tuple[Any, ...]]:
        for row in self._ordered().select(*RESULT_COLUMNS).toLocalIterator():
            values = tuple(row)
            yield (values[0], int(values[1]), *values[2:]) if self.numbered_devices else values

    def results_of(self, system: str) -> list[tuple[Any, ...]]:
        found = self._results.where(self._results.system == system).orderBy("row_id").select(*RESULT_COLUMNS)
        return [tuple(row) for row in found.collect()]

    def summary(self) -> list[tuple[str | None, str, int]]:
        counted = self._results.groupBy("driver", "outcome").count().collect()
        return [(row["driver"], row["outcome"], int(row["count"])) for row in counted]

    def write(self, path: str) -> None:
        """One file at ``path``: Spark writes a single partition into a folder beside it, which is then moved."""
        kind = output_format(path)
        target = Path(path)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise FleetError(f"cannot write {path}: no such folder")
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=folder))
        columns = [
            "CAST(device AS BIGINT) AS device" if name == "device" and self.numbered_devices else name
            for name in WRITTEN_COLUMNS
        ]
        try:
            writer = self._ordered().selectExpr(*columns).coalesce(1).write.mode("overwrite")
            written = staging / "data"
            if kind == "csv":
                writer.option("header", "true").option("emptyValue", "").csv(str(written))
            elif kind == "jsonl":
                writer.option("ignoreNullFields", "false").json(str(written))
            else:
                writer.parquet(str(written))
            parts = sorted(part for part in written.iterdir() if part.name.startswith("part-"))
            if len(parts) != 1:
                raise FleetError(f"cannot write {path}: Spark wrote {len(parts)} files")
            os.replace(parts[0], target)
        except FleetError:
            raise
        except Exception as error:
            raise FleetError(f"cannot write {path}: {' '.join(str(error).split())[:200]}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    # Reasoning --------------------------------------------------------------------------------------------------

    def device_rows(self, system: str | None = None) -> list[tuple[Any, ...]]:
        table = self._results if self._results is not None else self._devices
        if system is not None:
            table = table.where(table.system == system)
        joined = table.join(self._classes, "device_class").orderBy("row_id")
        return [
            tuple(row) for row in joined.select("system", "device", "hwids", "compatible_ids", "installed").collect()
        ]

    def chids_of(self, system: str | None = None) -> dict[str, set[str]]:
        table = self._results if self._results is not None else self._devices
        if system is not None:
            table = table.where(table.system == system)
        found: dict[str, set[str]] = {}
        for row in table.select("system", "chid_set").distinct().join(self._set_chids, "chid_set").collect():
            found.setdefault(row["system"], set()).add(row["chid"])
        return found

    def store_results(self, rows: Columns) -> None:
        self._results = self._frame("fleet_result_rows", rows).cache()

    def close(self) -> None:
        # The session stays for the process: starting Spark costs seconds, and the tests share one.
        if self._results is not None:
            self._results.unpersist()
        if self._devices is not None:
            self._devices.unpersist()
