"""Scenario files for ``infcheck simulate``: drivers, systems and their devices, in TOML.

```toml
[[driver]]
id = "A"                          # unique
inf = "drivers/a.inf"             # optional: IDs, DriverVer, FeatureScore and [TargetComputers] from this INF
hwids = ["HWID_1"]                # required without inf
driver_ver = "3/1/2015,1.0.0.0"   # required without inf
feature_score = "0xFF"            # optional, default FF; a string is hex as in an INF, an integer a number
signature = "trusted"             # trusted | unsigned
target_computers = ["CHID_1"]     # installation targeting
distribution_chids = ["CHID_1"]   # distribution targeting on the shipping label
published = true                  # default false

[[system]]
id = "System_A"
chids = ["CHID_1"]                # and/or smbios = { manufacturer = "...", ... }
[[system.device]]
hwids = ["HWID_1"]                # most specific first
compatible_ids = []
installed = "A"                   # optional
```

Every problem is reported as one :class:`ScenarioError` naming the file and line.
Values given in the scenario override those read from the INF.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from infcheck.diagnostics import escape_control_characters
from infcheck.driverver import DriverVer, DriverVerError, parse_driver_ver
from infcheck.files import MAX_FILE_BYTES, read_message, read_regular_file
from infcheck.publish.chid import FIELD_NAMES, NUMERIC_FIELDS, Smbios, compute_chids, normalize_chid, parse_byte
from infcheck.publish.package import FEATURE_SCORE, read_package_inf
from infcheck.publish.ranking import DEFAULT_FEATURE_SCORE, SIGNATURE_SCORES, ModelsMatch
from infcheck.tomlguard import TomlRefused, loads

_DRIVER_KEYS = (
    "id",
    "inf",
    "hwids",
    "driver_ver",
    "feature_score",
    "signature",
    "target_computers",
    "distribution_chids",
    "published",
)
_SYSTEM_KEYS = ("id", "chids", "smbios", "device")
_DEVICE_KEYS = ("hwids", "compatible_ids", "installed")
_DRIVER_KEY_SET, _SYSTEM_KEY_SET, _DEVICE_KEY_SET = map(frozenset, (_DRIVER_KEYS, _SYSTEM_KEYS, _DEVICE_KEYS))
_QUICK_SYSTEM_KEY_SET = _SYSTEM_KEY_SET - {"smbios"}
_UNSEEN: Any = object()


def read_toml(text: str) -> dict[str, Any]:
    """Parse TOML with rtoml when it is installed (the ``fast`` extra), else the standard library.

    Both implement TOML 1.0 and give the same data; rtoml reads a scenario of
    100,000 systems several times faster. Both readers get the text only after
    :mod:`infcheck.tomlguard` has checked its bounds (:class:`TomlRefused`);
    syntax errors raise ``ValueError``.
    """
    return loads(text, limit=MAX_FILE_BYTES, fast=True)


def _read_toml_standard(text: str) -> dict[str, Any]:
    return loads(text, limit=MAX_FILE_BYTES)


class ScenarioError(ValueError):
    """A scenario that cannot be simulated; the message is one line with the file position."""

    def __init__(self, message: str):
        super().__init__(escape_control_characters(message))


@dataclass
class Driver:
    id: str
    entries: tuple[ModelsMatch, ...]
    driver_ver: DriverVer
    signature: str = "trusted"
    target_computers: frozenset[str] = frozenset()
    distribution_chids: frozenset[str] = frozenset()
    published: bool = False
    package: str | None = None  # the driver package (submission) this driver installs, when not ``id``

    @property
    def package_id(self) -> str:
        return self.package or self.id

    @property
    def all_ids(self) -> set[str]:
        ids = set()
        for entry in self.entries:
            if entry.hardware_id:
                ids.add(entry.hardware_id)
            ids.update(entry.compatible_ids)
        return ids

    @property
    def targeting(self) -> frozenset[str] | None:
        """The CHIDs the driver is limited to, or ``None`` when it has no targeting at all."""
        if self.target_computers and self.distribution_chids:
            return self.target_computers & self.distribution_chids
        return self.target_computers or self.distribution_chids or None


@dataclass
class Device:
    hwids: tuple[str, ...]
    compatible_ids: tuple[str, ...] = ()
    installed: str | None = None


@dataclass
class System:
    id: str
    chids: frozenset[str]
    devices: list[Device] = field(default_factory=list)


@dataclass
class Scenario:
    path: Path
    drivers: dict[str, Driver]
    systems: list[System]


class _Locator:
    """Finds the line of the n-th ``[[driver]]``, ``[[system]]`` or ``[[system.device]]`` header, for messages."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self._text = text
        self._lines: dict[str, list[int]] | None = None

    def _headers(self) -> dict[str, list[int]]:
        if self._lines is None:
            self._lines = {}
            for number, line in enumerate(self._text.splitlines(), start=1):
                match = re.match(r"\s*\[\[\s*([\w.]+)\s*\]\]", line)
                if match:
                    self._lines.setdefault(match.group(1), []).append(number)
        return self._lines

    def error(self, table: str, ordinal: int | None, message: str) -> ScenarioError:
        lines = self._headers().get(table, [])
        if ordinal is not None and ordinal < len(lines):
            return ScenarioError(f"{self.path}:{lines[ordinal]}: {message}")
        return ScenarioError(f"{self.path}: {message}")


def _strings(value: Any, what: str, where) -> tuple[str, ...]:
    if type(value) is list:
        for item in value:
            if type(item) is not str:
                break
        else:
            return tuple(value)
    raise where(f"{what} must be a list of strings")


def _ids(value: Any, what: str, where) -> tuple[str, ...]:
    """Device IDs compare without regard to case or surrounding blanks."""
    return _normalized_ids(_strings(value, what, where))


@lru_cache(maxsize=1 << 16)
def _normalized_ids(ids: tuple[str, ...]) -> tuple[str, ...]:
    # Large scenarios repeat the same few ID lists thousands of times.
    return tuple([device_id.strip().lower() for device_id in ids])


_chid = lru_cache(maxsize=1 << 16)(normalize_chid)


def _check_keys(table: dict, known: frozenset[str], order: tuple[str, ...], where) -> None:
    if not table.keys() <= known:
        unknown = sorted(table.keys() - known)
        raise where(f"unknown key {unknown[0]!r} (known: {', '.join(order)})")


def _feature_score(value: Any, where) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 255:
        return value
    match = FEATURE_SCORE.match(str(value).strip())
    if match is None:
        raise where(f'feature_score {value!r} is not a byte such as "0xFF"')
    return int(match.group(1), 16)


@contextmanager
def collection_paused():
    """Pause the cyclic garbage collector while building many long-lived objects.

    A scenario of 100,000 systems makes millions of objects and no cycles; left
    running, the collector re-scans them all again and again and doubles the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_scenario(path: Path, drivers: dict[str, Driver] | None = None) -> Scenario:
    """Read and validate a scenario file; raises :class:`ScenarioError` for any problem.

    ``drivers`` are known before the file is read (from a publishing plan); the
    file's own ``[[driver]]`` tables are added to them.
    """
    with collection_paused():
        return _load_scenario(path, dict(drivers or {}))


def _load_scenario(path: Path, drivers: dict[str, Driver]) -> Scenario:
    try:
        # Scenarios of many systems are larger than plans: 100,000 systems take some 18 MB.
        text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8")
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read: {read_message(error)}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a UTF-8 text file") from None
    try:
        data = read_toml(text)
    except TomlRefused as error:
        raise ScenarioError(f"{path}:{error.line}: {error.reason}") from None
    except ValueError as error:
        raise ScenarioError(f"{path}: invalid TOML: {' '.join(str(error).split())}") from None
    locator = _Locator(path, text)
    unknown = sorted(set(data) - {"driver", "system"})
    if unknown:
        raise ScenarioError(f"{path}: unknown top-level key {unknown[0]!r} (expected [[driver]] and [[system]] tables)")
    for ordinal, table in enumerate(_tables(data, "driver", locator)):
        driver = _read_driver(table, ordinal, path.parent, locator)
        if driver.id in drivers:
            raise locator.error("driver", ordinal, f"driver id {driver.id!r} is used twice")
        drivers[driver.id] = driver
    systems = []
    seen_systems: set[str] = set()
    device_ordinal = 0
    tables: list[Any] = _tables(data, "system", locator)
    seen = _Seen(drivers)
    for ordinal, table in enumerate(tables):
        system = _quick_system(table, seen) or _read_system(table, ordinal, device_ordinal, drivers, locator)
        device_ordinal += len(system.devices)
        if system.id in seen_systems:
            raise locator.error("system", ordinal, f"system id {system.id!r} is used twice")
        seen_systems.add(system.id)
        systems.append(system)
        # Each table read is let go at once: the memory of a few hundred thousand parsed tables is
        # then taken again by the systems and their decisions instead of new pages.
        tables[ordinal] = None
    return Scenario(path, drivers, systems)


def _tables(data: dict, key: str, locator: _Locator) -> list[dict]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise locator.error(key, None, f"'{key}' must be written as [[{key}]] tables")
    return tables


def _reporter(locator: _Locator, kind: str, ordinal: int, table: dict):
    """Builds the error for a problem in the ``ordinal``-th ``[[kind]]`` table, named by its id if it has one."""

    def where(message: str) -> ScenarioError:
        label = f"{kind} {table['id']!r}" if isinstance(table.get("id"), str) else f"{kind} #{ordinal + 1}"
        return locator.error(kind, ordinal, f"{label}: {message}")

    return where


def _table_id(table: dict, where) -> str:
    value = table.get("id")
    if not isinstance(value, str) or not value.strip():
        raise where("needs an id")
    return value


def _read_driver(table: dict, ordinal: int, base: Path, locator: _Locator) -> Driver:
    where = _reporter(locator, "driver", ordinal, table)
    _check_keys(table, _DRIVER_KEY_SET, _DRIVER_KEYS, where)
    driver_id = _table_id(table, where)
    if "inf" in table and not isinstance(table["inf"], str):
        raise where("inf must be a path")
    from_inf = _read_driver_inf(base / table["inf"], where) if "inf" in table else {}

    if "hwids" in table:
        hwids = _ids(table["hwids"], "hwids", where)
        if not hwids:
            raise where("hwids is empty")
        feature = _feature_score(table.get("feature_score", DEFAULT_FEATURE_SCORE), where)
        entries = tuple(ModelsMatch(hwid, (), feature) for hwid in hwids)
    elif "entries" in from_inf:
        entries = from_inf["entries"]
        if "feature_score" in table:
            feature = _feature_score(table["feature_score"], where)
            entries = tuple(ModelsMatch(e.hardware_id, e.compatible_ids, feature) for e in entries)
    else:
        raise where("needs hwids (or an inf to read them from)")

    if "driver_ver" in table:
        if not isinstance(table["driver_ver"], str):
            raise where('driver_ver must be a string such as "3/1/2015,1.0.0.0"')
        try:
            driver_ver = parse_driver_ver(table["driver_ver"], strict=False)
        except DriverVerError as error:
            raise where(f"driver_ver: {error}") from None
    elif "driver_ver" in from_inf:
        driver_ver = from_inf["driver_ver"]
    else:
        raise where("needs driver_ver (or an inf to read it from)")

    signature = table.get("signature", "trusted")
    if not isinstance(signature, str) or signature not in SIGNATURE_SCORES:
        raise where(f"signature must be one of {', '.join(SIGNATURE_SCORES)}, not {signature!r}")
    published = table.get("published", False)
    if not isinstance(published, bool):
        raise where("published must be true or false")
    if "target_computers" in table:
        target_computers = frozenset(
            normalize_chid(c) for c in _strings(table["target_computers"], "target_computers", where)
        )
    else:
        target_computers = from_inf.get("target_computers", frozenset())
    distribution = frozenset(
        normalize_chid(c) for c in _strings(table.get("distribution_chids", []), "distribution_chids", where)
    )
    return Driver(driver_id, entries, driver_ver, signature, target_computers, distribution, published)


def _read_driver_inf(path: Path, where) -> dict:
    """The IDs, DriverVer, FeatureScores and [TargetComputers] CHIDs of a real INF file."""
    try:
        package = read_package_inf(path)
    except OSError as error:
        raise where(f"cannot read {path}: {error.strerror or error}") from None
    if package.driver_ver_error is not None:
        raise where(f"{path}: DriverVer {package.driver_ver_error}")
    found: dict[str, Any] = {}
    if package.entries:
        found["entries"] = package.entries
    if package.driver_ver is not None:
        found["driver_ver"] = package.driver_ver
    if package.target_computers:
        found["target_computers"] = package.target_computers
    return found


def _valid_ids(ids: tuple[Any, ...]) -> tuple[str, ...] | None:
    """Normalized IDs when every item is a string, else ``None`` (the careful reader then says what is wrong)."""
    for item in ids:
        if type(item) is not str:
            return None
    return _normalized_ids(ids)


def _valid_chids(chids: tuple[Any, ...]) -> frozenset[str] | None:
    for item in chids:
        if type(item) is not str:
            return None
    return frozenset([_chid(chid) for chid in chids])


class _Seen:
    """The CHID lists and device tables read so far, by their values: large scenarios repeat a few
    thousand of them over hundreds of thousands of systems, and each is validated and normalised once.

    Only strings equal strings, so a list or table found here holds exactly the values it was read from;
    ``None`` marks one that is not the common well-formed kind, for the careful reader to report.
    """

    def __init__(self, drivers: dict[str, Driver]):
        self.drivers = drivers
        self.chids: dict[tuple[Any, ...], frozenset[str] | None] = {(): frozenset()}
        self.devices: dict[tuple[Any, ...], Device | None] = {}

    def device(self, key: tuple[Any, ...]) -> Device | None:
        hwids_value, compatible_value, installed = key
        device = None
        if installed is None or (type(installed) is str and installed in self.drivers):
            hwids = _valid_ids(hwids_value)
            compatible = _valid_ids(compatible_value) if compatible_value else ()
            if hwids is not None and compatible is not None:
                device = Device(hwids, compatible, installed)
        self.devices[key] = device
        return device


def _quick_system(table: Any, seen: _Seen) -> System | None:
    """The common, well-formed system without SMBIOS values, read with as few steps as possible.

    Large scenarios are hundreds of thousands of such tables, most repeating the
    same ID lists and devices. Anything unusual returns ``None`` and goes through
    :func:`_read_system`, which finds and reports the problem.
    """
    if type(table) is not dict or not table.keys() <= _QUICK_SYSTEM_KEY_SET:
        return None
    system_id = table.get("id")
    chids_value = table.get("chids", ())
    device_tables = table.get("device", ())
    if type(system_id) is not str or not system_id.strip():
        return None
    if type(chids_value) is not list and chids_value != ():
        return None
    if type(device_tables) is not list and device_tables != ():
        return None
    known_devices = seen.devices
    devices = []
    try:  # TypeError: an unhashable item (a list or a table) where a string belongs
        chids_key = tuple(chids_value)
        chids = seen.chids.get(chids_key, _UNSEEN)
        if chids is _UNSEEN:
            chids = seen.chids[chids_key] = _valid_chids(chids_key)
        if chids is None:
            return None
        for device_table in device_tables:
            if type(device_table) is not dict or not device_table.keys() <= _DEVICE_KEY_SET:
                return None
            hwids_value = device_table.get("hwids")
            compatible_value = device_table.get("compatible_ids", ())
            if type(hwids_value) is not list or (type(compatible_value) is not list and compatible_value != ()):
                return None
            key = (tuple(hwids_value), tuple(compatible_value), device_table.get("installed"))
            device = known_devices.get(key, _UNSEEN)
            if device is _UNSEEN:
                device = seen.device(key)
            if device is None:
                return None
            devices.append(device)
    except TypeError:
        return None
    return System(system_id, chids, devices)


def _read_system(
    table: dict, ordinal: int, device_ordinal: int, drivers: dict[str, Driver], locator: _Locator
) -> System:
    """The system of ``table`` read step by step, or the error for its first problem."""
    where = _reporter(locator, "system", ordinal, table)
    _check_keys(table, _SYSTEM_KEY_SET, _SYSTEM_KEYS, where)
    system_id = _table_id(table, where)
    chids = {_chid(chid) for chid in _strings(table["chids"], "chids", where)} if "chids" in table else set()
    if "smbios" in table:
        chids |= _smbios_chids(table["smbios"], where)
    devices = []
    device_tables = table.get("device", [])
    if not isinstance(device_tables, list):
        raise where("devices must be written as [[system.device]] tables")
    for device_table in device_tables:
        devices.append(_read_device(device_table, device_ordinal, drivers, system_id, locator))
        device_ordinal += 1
    return System(system_id, frozenset(chids), devices)


def _smbios_chids(values: Any, where) -> set[str]:
    if not isinstance(values, dict):
        raise where("smbios must be a table of SMBIOS values")
    unknown = sorted(set(values) - set(FIELD_NAMES))
    if unknown:
        raise where(f"smbios: unknown field {unknown[0]!r} (known: {', '.join(FIELD_NAMES)})")
    fields: dict[str, Any] = {}
    for name, value in values.items():
        if name in NUMERIC_FIELDS:
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise where(f"smbios.{name} must be a number from 0 to 255")
            try:
                fields[name] = parse_byte(str(value))
            except ValueError as error:
                raise where(f"smbios.{name}: {error}") from None
        elif isinstance(value, str):
            fields[name] = value
        else:
            raise where(f"smbios.{name} must be a string")
    try:
        smbios = Smbios(**fields)
    except ValueError as error:
        raise where(f"smbios: {error}") from None
    return {normalize_chid(str(chid.guid)) for chid in compute_chids(smbios) if chid.guid is not None}


def _read_device(table: Any, ordinal: int, drivers: dict[str, Driver], system_id: str, locator: _Locator) -> Device:
    def where(message: str) -> ScenarioError:
        return locator.error("system.device", ordinal, f"system {system_id!r}, device: {message}")

    if not isinstance(table, dict):
        raise where("must be a table")
    _check_keys(table, _DEVICE_KEY_SET, _DEVICE_KEYS, where)
    if "hwids" not in table:
        raise where("needs hwids")
    hwids = _ids(table["hwids"], "hwids", where)
    compatible = _ids(table["compatible_ids"], "compatible_ids", where) if "compatible_ids" in table else ()
    installed = table.get("installed")
    if installed is not None:
        if not isinstance(installed, str):
            raise where("installed must be a driver id")
        if installed not in drivers:
            raise where(f"installed driver {installed!r} is not a driver of this scenario")
    return Device(hwids, compatible, installed)
