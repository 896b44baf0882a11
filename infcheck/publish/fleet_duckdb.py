"""Run the decision query in DuckDB, in-process: the default engine for inventories.

DuckDB (the ``fleet`` extra) reads the inventory, computes CHIDs once per
distinct SMBIOS tuple (in Python, hashed as :mod:`infcheck.publish.chid`
does), runs ``decision.sql`` and streams the results to a file with its own
writers; nothing the size of the fleet passes through Python.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from infcheck.publish.fleet import (
    OUTCOMES,
    RESULT_COLUMNS,
    WRITTEN_COLUMNS,
    Columns,
    FleetError,
    case_reasons,
    decision_statements,
    driver_tables,
    output_format,
    scenario_tables,
)
from infcheck.publish.inventory import Inventory, create_driver_type, create_table
from infcheck.publish.scenario import Driver, Scenario

_COPY_OPTIONS = {"csv": "FORMAT csv, HEADER true", "parquet": "FORMAT parquet", "jsonl": "FORMAT json"}


def import_duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise FleetError("this needs DuckDB, which the fleet extra installs: pip install 'infcheck[fleet]'") from None
    return duckdb


class DuckFleet:
    """One DuckDB connection holding the devices, the drivers and, after :meth:`decide`, the view ``fleet_result_rows``."""

    def __init__(self, drivers: Mapping[str, Driver], threads: int | None = None):
        self.duckdb = import_duckdb()
        # What does not fit in memory spills to a private folder, removed on close (DuckDB's default
        # for an in-memory database is a .tmp folder in the current directory).
        self._spill = tempfile.mkdtemp(prefix="infcheck-duckdb-")
        self.connection = self.duckdb.connect(config={"preserve_insertion_order": True, "temp_directory": self._spill})
        if threads is not None:
            self.connection.execute(f"SET threads = {int(threads)}")
        self.drivers = drivers
        self.inventory: Inventory | None = None
        self.numbered_devices = False  # scenario devices are numbered 0, 1, ... within their system
        self._device_table = "fleet_devices"
        self._summary_query = "SELECT driver, outcome, count(*) FROM fleet_result_rows GROUP BY driver, outcome"

    # Loading ----------------------------------------------------------------------------------------------------

    def load_inventory(self, path: Path) -> Inventory:
        self.inventory = Inventory(self.connection, path, set(self.drivers))
        self.connection.execute("DROP TABLE inventory")
        return self.inventory

    def load_scenario(self, scenario: Scenario) -> None:
        """The systems of a TOML scenario, as the tables an inventory file would give."""
        self.numbered_devices = True
        devices, situations = scenario_tables(scenario)
        create_table(self.connection, "fleet_scenario_devices", devices)
        installed = "installed"
        if self.drivers:
            create_driver_type(self.connection, self.drivers)
            installed = "CAST(installed AS fleet_driver)"
        self.connection.execute(
            f"CREATE OR REPLACE TABLE fleet_devices AS SELECT * REPLACE ({installed} AS installed) "
            "FROM fleet_scenario_devices"
        )
        self.connection.execute("DROP TABLE fleet_scenario_devices")
        create_table(self.connection, "fleet_classes", situations.classes)
        create_table(self.connection, "fleet_class_ids", situations.class_ids)
        create_table(self.connection, "fleet_set_chids", situations.set_chids)

    # Deciding ---------------------------------------------------------------------------------------------------

    def decide(self) -> None:
        """Run ``decision.sql``; the decided cases are kept as a table, with their reasons, and the devices are
        joined to them on demand."""
        for name, table in driver_tables(self.drivers).items():
            create_table(self.connection, name, table)
        for statement in decision_statements():
            self.connection.execute(statement)
        # Driver IDs and outcomes as ENUMs: each device carries small numbers through the join and the sort.
        enums = "CAST(outcome AS fleet_outcome) AS outcome"
        if self.drivers:
            enums += "".join(f", CAST({name} AS fleet_driver) AS {name}" for name in ("choice", "offer", "driver"))
        self.connection.execute("DROP TYPE IF EXISTS fleet_outcome")
        self.connection.execute(f"CREATE TYPE fleet_outcome AS ENUM ({', '.join(map(repr, OUTCOMES))})")
        self.connection.execute(
            f"CREATE OR REPLACE TABLE fleet_decided_cases AS SELECT * REPLACE ({enums}) FROM fleet_outcomes"
        )
        self._explain_cases()
        self.connection.execute("CREATE OR REPLACE TEMPORARY VIEW fleet_outcomes AS SELECT * FROM fleet_outcome_cases")
        # fleet_results of decision.sql, with the reason the query does not give.
        self.connection.execute(
            "CREATE OR REPLACE TEMPORARY VIEW fleet_result_rows AS SELECT d.row_id, d.system, d.device, d.installed, "
            "o.choice, o.offer, o.outcome, o.driver, o.reason FROM fleet_devices AS d JOIN fleet_outcome_cases AS o "
            "ON o.device_class = d.device_class AND o.chid_set = d.chid_set "
            "AND o.installed IS NOT DISTINCT FROM d.installed"
        )
        self._summary_query = "SELECT driver, outcome, sum(devices) FROM fleet_outcome_cases GROUP BY driver, outcome"

    def _explain_cases(self) -> None:
        """Give each decided case the reference engine's reason (:func:`case_reasons`), as
        ``fleet_outcome_cases``; the texts are stored as an ENUM, so each device carries a small number
        through the sort and the text is written out."""
        reasons = case_reasons(
            self.drivers,
            self.connection.execute(
                "SELECT o.device_class, o.installed, o.choice, c.hwids, c.compatible_ids FROM "
                "(SELECT DISTINCT device_class, installed, choice FROM fleet_decided_cases) AS o "
                "JOIN fleet_classes AS c ON c.device_class = o.device_class"
            ).fetchall(),
        )
        create_table(self.connection, "fleet_case_reasons", reasons)
        self.connection.execute("DROP TYPE IF EXISTS fleet_reason")
        self.connection.execute("CREATE TYPE fleet_reason AS ENUM (SELECT DISTINCT reason FROM fleet_case_reasons)")
        self.connection.execute(
            "CREATE OR REPLACE TABLE fleet_outcome_cases AS SELECT o.*, CAST(r.reason AS fleet_reason) AS reason "
            "FROM fleet_decided_cases AS o JOIN fleet_case_reasons AS r ON r.device_class = o.device_class "
            "AND r.installed IS NOT DISTINCT FROM o.installed AND r.choice IS NOT DISTINCT FROM o.choice"
        )
        self.connection.execute("DROP TABLE fleet_decided_cases")
        self.connection.execute("DROP TABLE fleet_case_reasons")

    def results(self) -> Iterator[tuple[Any, ...]]:
        """(system, device, installed, choice, offer, outcome) in inventory order, fetched in batches."""
        cursor = self.connection.execute(f"SELECT {', '.join(RESULT_COLUMNS)} FROM fleet_result_rows ORDER BY row_id")
        while True:
            batch = cursor.fetchmany(10_000)
            if not batch:
                return
            for row in batch:
                if self.numbered_devices:
                    yield (row[0], int(row[1]), *row[2:])
                else:
                    yield row

    def store_results(self, rows: Columns) -> None:
        """Results decided elsewhere (the reference engine), kept as the query would keep them."""
        create_table(self.connection, "fleet_result_rows", rows)

    def results_of(self, system: str) -> list[tuple[Any, ...]]:
        return self.connection.execute(
            f"SELECT {', '.join(RESULT_COLUMNS)} FROM fleet_result_rows WHERE system = $1 ORDER BY row_id", [system]
        ).fetchall()

    def summary(self) -> list[tuple[str | None, str, int]]:
        """(driver, outcome, devices), the driver being the choice or the best driver targeting kept away."""
        return [
            (driver, outcome, int(count))
            for driver, outcome, count in self.connection.execute(self._summary_query).fetchall()
        ]

    def write(self, path: str) -> None:
        """Stream the results to ``path`` (CSV, Parquet or JSON Lines by extension); nothing is left on failure."""
        device = "CAST(device AS BIGINT) AS device" if self.numbered_devices else "device"
        columns = ", ".join(device if name == "device" else name for name in WRITTEN_COLUMNS)
        self.write_table(path, f"SELECT {columns} FROM fleet_result_rows ORDER BY row_id")

    def write_table(self, path: str, query: str = "SELECT * FROM fleet_result_rows") -> None:
        """Stream a query's rows to ``path`` through a temporary file beside it, renamed only when complete."""
        kind = output_format(path)
        target = Path(path)
        folder = target.parent if str(target.parent) else Path(".")
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
        except OSError as error:
            raise FleetError(f"cannot write {path}: {error.strerror or error}") from None
        os.close(descriptor)
        quoted = temporary.replace("'", "''")
        try:
            self.connection.execute(f"COPY ({query}) TO '{quoted}' ({_COPY_OPTIONS[kind]})")
            os.replace(temporary, target)
        except BaseException as error:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            if isinstance(error, Exception) and not isinstance(error, FleetError):
                raise FleetError(f"cannot write {path}: {' '.join(str(error).split())}") from None
            raise

    # Reasoning --------------------------------------------------------------------------------------------------

    def device_rows(self, system: str | None = None) -> list[tuple[Any, ...]]:
        """(system, device, hwids, compatible_ids, installed) of every device, or of one system, in order."""
        where = "WHERE d.system = $1" if system is not None else ""
        return self.connection.execute(
            "SELECT d.system, d.device, c.hwids, c.compatible_ids, d.installed "
            f"FROM {self._device_table} AS d JOIN fleet_classes AS c ON c.device_class = d.device_class {where} "
            "ORDER BY d.row_id",
            [system] if system is not None else [],
        ).fetchall()

    def chids_of(self, system: str | None = None) -> dict[str, set[str]]:
        where = "WHERE system = $1" if system is not None else ""
        found: dict[str, set[str]] = {}
        for system_id, chid in self.connection.execute(
            f"SELECT d.system, c.chid FROM (SELECT DISTINCT system, chid_set FROM {self._device_table} {where}) AS d "
            "JOIN fleet_set_chids AS c ON c.chid_set = d.chid_set",
            [system] if system is not None else [],
        ).fetchall():
            found.setdefault(system_id, set()).add(chid)
        return found

    def close(self) -> None:
        self.connection.close()
        shutil.rmtree(self._spill, ignore_errors=True)
