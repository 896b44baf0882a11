"""Fleet inventories: one row per (system, device), read and checked by DuckDB.

Columns, exactly these:

* ``system``: the system's ID; ``device``: the device's ID within that system;
* ``hwids``, ``compatible_ids``: the device's IDs in ranking order (``;``-separated
  in CSV, lists of strings in Parquet and JSON Lines);
* ``installed``: the ID of the installed driver, empty or null if none;
* ``chids`` (a list, as ``hwids``) and/or the SMBIOS columns (``manufacturer``,
  ``family``, ... ``baseboard_product``), repeated on every row of a system.

The format comes from the extension: ``.csv``, ``.parquet`` (or a folder of
Parquet files) and ``.jsonl``/``.ndjson``. Problems are one-line
:class:`FleetError` messages naming the file, the row (counted from 1, the
CSV header not counted) and the column. An empty CSV cell is a missing value.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from infcheck.publish.chid import FIELD_NAMES, NUMERIC_FIELDS, Smbios, compute_chids, normalize_chid, parse_byte
from infcheck.publish.fleet import Columns, FleetError, Situations

LIST_COLUMNS = ("hwids", "compatible_ids")
REQUIRED_COLUMNS = ("system", "device", "hwids", "compatible_ids", "installed")
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, "chids", *FIELD_NAMES)
INVENTORY_FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_BLANKS = "' \t\n\r' || chr(11) || chr(12)"
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"}
_TEXT_TYPES = {"VARCHAR"}
_EMPTY_LIST_TYPES = {'"NULL"[]', "NULL[]", "NULL"}
_HEADER_BYTES = 1 << 20


def inventory_format(path: Path) -> str:
    if path.is_dir():
        return "parquet"
    suffix = path.suffix.lower()
    if suffix not in INVENTORY_FORMATS:
        raise FleetError(f"{path}: the extension must say the format: .csv, .parquet or .jsonl (or .ndjson)")
    return INVENTORY_FORMATS[suffix]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Inventory:
    """An inventory loaded into a DuckDB connection as the table ``inventory``.

    ``inventory(row_id, system, device, hwids, compatible_ids, installed)`` keeps the
    file's order, and ``fleet_devices`` numbers each device's class of IDs and set of CHIDs for the query.
    """

    def __init__(self, connection: Any, path: Path, known_drivers: set[str] | None, needs_devices: bool = True):
        self.connection = connection
        self.path = path
        self.format = inventory_format(path)
        self._known_drivers = known_drivers
        self._needs_devices = needs_devices
        self.columns = self._describe()
        self.smbios_columns = tuple(name for name in FIELD_NAMES if name in self.columns)
        self.has_chids = "chids" in self.columns
        self._load()

    # Reading ------------------------------------------------------------------------------------------------

    def _where(self, row: int | None, column: str | None = None) -> str:
        place = str(self.path)
        if row is not None:
            place += f": row {row}" + (f" (line {row + 1})" if self.format == "csv" else "")
        if column is not None:
            place += f", column {column}" if row is not None else f": column {column}"
        return place

    def _source(self) -> str:
        path = self.path
        if self.format == "csv":
            columns = "{" + ", ".join(f"{_quote(name)}: 'VARCHAR'" for name in self._csv_header) + "}"
            return (
                f"read_csv({_quote(str(path))}, header = true, auto_detect = false, columns = {columns}, "
                "delim = ',', quote = '\"', escape = '\"', strict_mode = true)"
            )
        if self.format == "parquet":
            target = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
            return f"read_parquet({_quote(target)})"
        return f"read_json({_quote(str(path))}, format = 'newline_delimited', records = true, sample_size = -1)"

    def _read_csv_header(self) -> list[str]:
        try:
            with open(self.path, "rb") as stream:
                head = stream.read(_HEADER_BYTES)
        except OSError as error:
            raise FleetError(f"{self.path}: cannot read: {error.strerror or error}") from None
        if not head.strip():
            raise FleetError(
                f"{self.path}: the file is empty; expected a header row ({','.join(REQUIRED_COLUMNS)},...)"
            )
        first = head.split(b"\n", 1)[0]
        try:
            text = first.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FleetError(f"{self.path}: not a CSV file: the first line is not UTF-8 text") from None
        header = next(csv.reader([text.rstrip("\r")]), [])
        return [name.strip() for name in header]

    def _describe(self) -> dict[str, str]:
        if not self.path.exists():
            raise FleetError(f"{self.path}: no such file")
        if self.format == "csv":
            self._csv_header = self._read_csv_header()
            duplicated = sorted({name for name in self._csv_header if self._csv_header.count(name) > 1})
            if duplicated:
                raise FleetError(f"{self._where(None, duplicated[0])}: the header names it twice")
        try:
            described = self.connection.execute(f"DESCRIBE SELECT * FROM {self._source()}").fetchall()
        except Exception as error:
            raise FleetError(f"{self.path}: {_not_the_format(self.format, error)}") from None
        columns = {str(row[0]): str(row[1]) for row in described}
        check_column_names(self.path, columns, self._needs_devices)
        for name, kind in columns.items():
            self._check_type(name, kind)
        return columns

    def _check_type(self, name: str, kind: str) -> None:
        if self.format == "csv":
            return
        expected = unexpected_kind(name, kind)
        if expected is not None:
            row = self._first_row_of_wrong_kind(name, kind, expected)
            raise FleetError(f"{self._where(row, name)}: must be {expected}, not {_kind_name(kind)}")

    def _first_row_of_wrong_kind(self, name: str, kind: str, expected: str) -> int | None:
        """Where a column of mixed JSON values first holds the wrong kind; ``None`` when the whole column does."""
        if kind != "JSON":
            return None
        wanted = "('ARRAY')" if expected.startswith("a list") else "('VARCHAR', 'NULL')"
        if expected.startswith("an integer"):
            wanted = "('VARCHAR', 'NULL', 'UBIGINT', 'BIGINT')"
        try:
            found = self.connection.execute(
                f"SELECT row_number FROM (SELECT row_number() OVER () AS row_number, {_identifier(name)} AS value "
                f"FROM {self._source()}) WHERE value IS NOT NULL AND json_type(value) NOT IN {wanted} "
                "ORDER BY row_number LIMIT 1"
            ).fetchone()
        except Exception:
            return None
        return int(found[0]) if found else None

    def _raw(self, name: str) -> str:
        """A column as read: lists stay lists (CSV keeps its ``;``-separated text), everything else is text."""
        if name not in self.columns or self.columns[name] in ("NULL", '"NULL"'):
            return "CAST(NULL AS VARCHAR)"
        if name in (*LIST_COLUMNS, "chids") and self.format != "csv":
            if self.columns[name] in _EMPTY_LIST_TYPES:
                return "CAST(NULL AS VARCHAR[])"
            return _identifier(name)
        return f"CAST({_identifier(name)} AS VARCHAR)"

    def _load(self) -> None:
        installed = f"nullif(trim({self._raw('installed')}, {_BLANKS}), '')"
        self.identity_columns = (*LIST_COLUMNS, "chids", *self.smbios_columns)
        parts = [
            f"{self._raw('system')} AS system",
            f"{self._raw('device')} AS device",
            f"{installed} AS installed",
            *(f"{self._raw(name)} AS {name}" for name in self.identity_columns),
        ]
        try:
            self.connection.execute(
                f"CREATE OR REPLACE TABLE inventory AS SELECT {', '.join(parts)} FROM {self._source()}"
            )
        except Exception as error:
            raise FleetError(f"{self.path}: {_reading_error(self.format, error)}") from None
        # The table's rowid now numbers the file's rows and every later table carries it as row_id, so
        # DuckDB need no longer keep rows in order (which costs memory and time on large inventories).
        self.connection.execute("SET preserve_insertion_order = false")
        self.rows = int(self.connection.execute("SELECT count(*) FROM inventory").fetchone()[0])
        if self.rows == 0:
            raise FleetError(f"{self.path}: no rows (an inventory has one row per device of each system)")
        self._check_rows()
        self._situations()
        self._check_systems()

    def _first(self, condition: str, table: str = "inventory") -> int | None:
        row = "rowid + 1" if table == "inventory" else "row_id"
        found = self.connection.execute(f"SELECT min({row}) FROM {table} WHERE {condition}").fetchone()
        return int(found[0]) if found and found[0] is not None else None

    def _check_rows(self) -> None:
        # One pass finds the first empty system ID and the first empty device ID; only an ID that starts
        # with a space can be all spaces, so trim is rarely called.
        def empty(name: str) -> str:
            return f"min(CASE WHEN {name} IS NULL OR {name} = '' OR ({name}[1] = ' ' AND trim({name}) = '') THEN rowid + 1 END)"

        found = self.connection.execute(
            f"SELECT {empty('system')}, {empty('device') if self._needs_devices else 'NULL'} FROM inventory"
        ).fetchone()
        empty_system, empty_device_row = found if found is not None else (None, None)
        if empty_system is not None:
            raise FleetError(f"{self._where(int(empty_system), 'system')}: the system ID is empty")
        if not self._needs_devices:
            return
        if empty_device_row is not None:
            raise FleetError(f"{self._where(int(empty_device_row), 'device')}: the device ID is empty")
        if self._known_drivers is not None:
            self.connection.execute(
                "CREATE OR REPLACE TEMPORARY TABLE inventory_known AS SELECT unnest($1::VARCHAR[]) AS driver",
                [sorted(self._known_drivers)],
            )
            unknown = self.connection.execute(
                "SELECT min(rowid) + 1, installed FROM inventory WHERE installed IS NOT NULL AND installed NOT IN "
                "(SELECT driver FROM inventory_known) GROUP BY installed ORDER BY 1 LIMIT 1"
            ).fetchone()
            if unknown is not None:
                raise FleetError(
                    f"{self._where(int(unknown[0]), 'installed')}: installed driver {unknown[1]!r} is not one of the drivers given"
                )

    # Situations and CHIDs ---------------------------------------------------------------------------------------

    def _situations(self) -> None:
        """Number the distinct ID lists and the distinct CHID and SMBIOS values apart, normalize each once in
        Python (so CHIDs are hashed once per SMBIOS tuple) and give every device its class and CHID set."""
        system_columns = ("chids", *self.smbios_columns)
        for name, number, columns in (
            ("fleet_raw_classes", "raw_class", LIST_COLUMNS),
            ("fleet_raw_systems", "raw_system", system_columns),
        ):
            self.connection.execute(
                f"CREATE OR REPLACE TEMPORARY TABLE {name} AS SELECT row_number() OVER () AS {number}, * "
                f"FROM (SELECT DISTINCT {', '.join(columns)} FROM inventory)"
            )
        situations = Situations()
        class_map = Columns((("raw_class", "BIGINT"), ("device_class", "BIGINT")))
        for raw_class, hwids, compatible_ids in self.connection.execute(
            "SELECT raw_class, hwids, compatible_ids FROM fleet_raw_classes"
        ).fetchall():
            normalized = normalized_ids(hwids, "hwids"), normalized_ids(compatible_ids, "compatible_ids")
            class_map.add(raw_class, situations.class_number(*normalized))
        set_map = Columns((("raw_system", "BIGINT"), ("chid_set", "BIGINT")))
        for raw_system, chids, *smbios in self.connection.execute(
            f"SELECT raw_system, {', '.join(system_columns)} FROM fleet_raw_systems"
        ).fetchall():
            set_map.add(raw_system, situations.set_number(*self._chids(chids, smbios)))
        for name, table in (
            ("fleet_class_map", class_map),
            ("fleet_set_map", set_map),
            ("fleet_classes", situations.classes),
            ("fleet_class_ids", situations.class_ids),
            ("fleet_set_chids", situations.set_chids),
            ("fleet_chid_names", situations.chid_names),
        ):
            create_table(self.connection, name, table)

        def matching(columns: tuple[str, ...], alias: str) -> str:
            return " AND ".join(f"i.{name} IS NOT DISTINCT FROM {alias}.{name}" for name in columns)

        installed = "i.installed"
        if self._known_drivers:
            create_driver_type(self.connection, self._known_drivers)
            installed = "CAST(i.installed AS fleet_driver) AS installed"
        self.connection.execute(
            "CREATE OR REPLACE TABLE fleet_devices AS SELECT i.rowid + 1 AS row_id, i.system, i.device, c.device_class, "
            f"s.chid_set, {installed} FROM inventory AS i "
            "JOIN (SELECT r.*, m.device_class FROM fleet_raw_classes AS r JOIN fleet_class_map AS m USING (raw_class)) "
            f"AS c ON {matching(LIST_COLUMNS, 'c')} "
            "JOIN (SELECT r.*, m.chid_set FROM fleet_raw_systems AS r JOIN fleet_set_map AS m USING (raw_system)) "
            f"AS s ON {matching(system_columns, 's')}"
        )
        for name in ("fleet_raw_classes", "fleet_raw_systems", "fleet_class_map", "fleet_set_map"):
            self.connection.execute(f"DROP TABLE {name}")

    def _chids(self, chids: Any, smbios: list[Any]) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
        def bad_value(name: str, value: str, error: ValueError) -> FleetError:
            row = self._first(f"{name} = {_quote(value)}")
            return FleetError(f"{self._where(row, name)}: {error}")

        return situation_chids(chids, dict(zip(self.smbios_columns, smbios, strict=True)), bad_value)

    def _check_systems(self) -> None:
        """A system's CHIDs agree on all its rows, and no device of a system appears twice."""
        # Each check first groups the devices by a hash of the IDs (a number, much quicker to group
        # than strings), then looks again, exactly, only at the rows whose hash was suspect: a system
        # that fails the exact check always lies in a suspect group, so nothing is missed.
        disagreeing = self.connection.execute(
            "SELECT system FROM fleet_devices WHERE hash(system) IN (SELECT hash(system) FROM fleet_devices "
            "GROUP BY hash(system) HAVING min(chid_set) <> max(chid_set)) "
            "GROUP BY system HAVING min(chid_set) <> max(chid_set) ORDER BY max(row_id) LIMIT 1"
        ).fetchone()
        if disagreeing is not None:
            self._report_disagreement(str(disagreeing[0]))
        if not self._needs_devices:
            return
        twice = self.connection.execute(
            "SELECT system, device, min(row_id), max(row_id) FROM fleet_devices WHERE hash(system, device) IN "
            "(SELECT hash(system, device) FROM fleet_devices GROUP BY hash(system, device) HAVING count(*) > 1) "
            "GROUP BY system, device HAVING count(*) > 1 ORDER BY max(row_id) LIMIT 1"
        ).fetchone()
        if twice is not None:
            system, device, first, second = twice
            raise FleetError(
                f"{self._where(int(second), 'device')}: device {device!r} of system {system!r} is already on row {first}"
            )

    def _report_disagreement(self, system: str) -> None:
        names = ("chids", *self.smbios_columns)
        rows = self.connection.execute(
            f"SELECT rowid + 1, {', '.join(names)} FROM inventory WHERE system = $1 ORDER BY rowid", [system]
        ).fetchall()
        first = rows[0]
        for row in rows[1:]:
            for index, name in enumerate(names, start=1):
                if row[index] != first[index]:
                    raise FleetError(
                        f"{self._where(int(row[0]), name)}: system {system!r} has {_shown(row[index])} here but "
                        f"{_shown(first[index])} on row {first[0]}; a system's CHIDs and SMBIOS values repeat on each of its rows"
                    )

    def chid_table(self) -> str:
        """A query giving each system and its HardwareID-0 ... HardwareID-14 (braced, or null when not produced)."""
        if not self.smbios_columns:
            raise FleetError(f"{self.path}: computing CHIDs needs SMBIOS columns ({', '.join(FIELD_NAMES)})")
        hardware_ids = ", ".join(
            f"max(CASE WHEN c.name = 'HardwareID-{index}' THEN '{{' || c.chid || '}}' END) AS \"HardwareID-{index}\""
            for index in range(15)
        )
        return (
            f"SELECT s.system, {hardware_ids} FROM (SELECT system, min(chid_set) AS chid_set, min(row_id) AS first_row "
            "FROM fleet_devices GROUP BY system) AS s LEFT JOIN fleet_chid_names AS c ON c.chid_set = s.chid_set "
            "GROUP BY s.system, s.first_row ORDER BY s.first_row"
        )


def check_column_names(path: Path, columns: dict[str, str], needs_devices: bool = True) -> None:
    """The columns an inventory must and may have."""
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if not needs_devices:
        missing = [name for name in missing if name == "system"]
    if missing:
        raise FleetError(f"{path}: missing column {missing[0]} (an inventory has {', '.join(REQUIRED_COLUMNS)})")
    unknown = [name for name in columns if name not in KNOWN_COLUMNS]
    if unknown:
        raise FleetError(f"{path}: column {unknown[0]}: not an inventory column (known: {', '.join(KNOWN_COLUMNS)})")
    if "chids" not in columns and not any(name in columns for name in FIELD_NAMES):
        raise FleetError(
            f"{path}: needs a chids column or SMBIOS columns ({', '.join(FIELD_NAMES)}) to know each system's CHIDs"
        )


def unexpected_kind(name: str, kind: str) -> str | None:
    """What a column of this (DuckDB) type should hold instead, or ``None`` when the type is right."""
    if name in (*LIST_COLUMNS, "chids"):
        return None if kind in ("VARCHAR[]", *_EMPTY_LIST_TYPES) else "a list of strings"
    if name in NUMERIC_FIELDS:
        accepted = kind in _INTEGER_TYPES or kind in _TEXT_TYPES or kind in ("NULL", '"NULL"')
        return None if accepted else "an integer from 0 to 255"
    if name in ("system", "device"):
        return None if kind in _TEXT_TYPES or kind in _INTEGER_TYPES else "a string"
    return None if kind in _TEXT_TYPES or kind in ("NULL", '"NULL"') else "a string"


def normalized_ids(value: Any, name: str) -> tuple[str, ...]:
    """Device IDs trimmed and lower case, CHIDs as :func:`normalize_chid` writes them, empty items dropped."""
    if value is None:
        return ()
    items = value.split(";") if isinstance(value, str) else value
    if name == "chids":
        cleaned = (normalize_chid(item) for item in items if item is not None)
    else:
        cleaned = (item.strip().lower() for item in items if item is not None)
    return tuple(item for item in cleaned if item)


def situation_chids(
    chids: Any, smbios: dict[str, str | None], bad_value: Callable[[str, str, ValueError], Exception]
) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """A system's CHIDs: its ``chids`` and those of its SMBIOS values, with the names of the computed ones."""
    found = set(normalized_ids(chids, "chids"))
    fields: dict[str, Any] = {}
    for name, value in smbios.items():
        if value is None:
            continue
        if name in NUMERIC_FIELDS:
            try:
                fields[name] = parse_byte(value)
            except ValueError as error:
                raise bad_value(name, value, error) from None
        else:
            fields[name] = value
    names: list[tuple[str, str]] = []
    if fields:
        for chid in compute_chids(Smbios(**fields)):
            if chid.guid is not None:
                names.append((chid.name, normalize_chid(str(chid.guid))))
    found.update(chid for _, chid in names)
    return frozenset(found), tuple(names)


def create_driver_type(connection: Any, drivers: Iterable[str]) -> None:
    """The ENUM ``fleet_driver`` of the driver IDs: driver columns then join, group and sort as small numbers."""
    connection.execute("DROP TYPE IF EXISTS fleet_driver")
    connection.execute(
        "CREATE TYPE fleet_driver AS ENUM (SELECT DISTINCT unnest($1::VARCHAR[]) ORDER BY 1)", [sorted(drivers)]
    )


def create_table(connection: Any, name: str, table: Columns) -> None:
    """Create ``name`` from parallel lists in one statement (no pandas or Arrow needed)."""
    selects = ", ".join(
        f"unnest(${number}::{kind}[]) AS {column}" for number, (column, kind) in enumerate(table.schema, start=1)
    )
    parameters = [table.values[column] for column, _ in table.schema]
    if len(table) == 0:
        columns = ", ".join(f"{column} {kind}" for column, kind in table.schema)
        connection.execute(f"CREATE OR REPLACE TABLE {name} ({columns})")
        return
    connection.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {selects}", parameters)


def _shown(value: Any) -> str:
    if value is None:
        return "no value"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return repr(value)


def _kind_name(kind: str) -> str:
    if kind.endswith("[]"):
        return f"a list of {kind[:-2]}"
    return {"VARCHAR": "a string", "BOOLEAN": "a boolean", "DOUBLE": "a number", "JSON": "values of mixed kinds"}.get(
        kind, kind
    )


def _first_line(error: Exception) -> str:
    return " ".join(str(error).split("\n", 1)[0].split())


def _not_the_format(kind: str, error: Exception) -> str:
    names = {"csv": "a CSV file", "parquet": "a Parquet file", "jsonl": "a JSON Lines file"}
    return f"not {names[kind]} ({_first_line(error).removeprefix('Invalid Input Error: ')})"


def _reading_error(kind: str, error: Exception) -> str:
    text = str(error)
    import re

    line = re.search(r"CSV Error on Line: (\d+)", text)
    if line is not None:
        found = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
        detail = f"expected {found.group(1)} columns, found {found.group(2)}" if found else "not valid CSV"
        return f"line {line.group(1)}: {detail}"
    return _not_the_format(kind, error)
