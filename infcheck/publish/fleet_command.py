"""``infcheck simulate`` at fleet scale: inventories, engines, streamed output, summary, explanation.

The command line hands over a :class:`FleetRequest`; everything printed goes
to the streams given, the progress bar to standard error and only on a terminal.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from infcheck.diagnostics import escape_control_characters
from infcheck.publish.fleet import OUTCOMES, Columns, FleetError, output_format
from infcheck.publish.scenario import Device, Driver, Scenario, System, collection_paused
from infcheck.publish.simulate import Simulator

ENGINES = ("duckdb", "spark", "python")


@dataclass
class FleetRequest:
    drivers: Mapping[str, Driver]
    scenario: Scenario | None = None  # the systems of a TOML scenario, when no inventory is given
    inventory: Path | None = None
    engine: str = "duckdb"
    format: str = "text"
    output: str | None = None
    summary_plot: str | None = None
    explain: str | None = None


class PhaseProgress:
    """``[#####.....] deciding 42%`` on standard error, redrawn from DuckDB's query progress; silent elsewhere."""

    def __init__(self, stream: TextIO | None, connection: Any = None, width: int = 30):
        self.stream = stream
        self.connection = connection
        self.width = width

    @contextmanager
    def phase(self, label: str) -> Iterator[None]:
        if self.stream is None:
            yield
            return
        stop = threading.Event()
        stream = self.stream

        def draw() -> None:
            while not stop.wait(0.2):
                percent = -1.0
                if self.connection is not None:
                    try:
                        percent = float(self.connection.query_progress())
                    except Exception:
                        percent = -1.0
                if percent >= 0:
                    filled = int(self.width * min(percent, 100.0) / 100)
                    stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {label} {percent:3.0f}%\x1b[K")
                else:
                    stream.write(f"\r{label}...\x1b[K")
                stream.flush()

        stream.write(f"\r{label}...\x1b[K")
        stream.flush()
        worker = threading.Thread(target=draw, daemon=True)
        worker.start()
        try:
            yield
        finally:
            stop.set()
            worker.join()
            stream.write("\r\x1b[K")
            stream.flush()


def run(request: FleetRequest, out: TextIO, progress_stream: TextIO | None) -> None:
    """Decide, then write what was asked for; raises :class:`FleetError` with a one-line message."""
    if request.output is not None:
        output_format(request.output)
    if request.summary_plot is not None and Path(request.summary_plot).suffix.lower() != ".png":
        raise FleetError(f"{request.summary_plot}: --summary-plot draws a PNG image; name it FILE.png")
    if request.engine == "spark":
        from infcheck.publish.fleet_spark import SparkFleet

        fleet: Any = SparkFleet(request.drivers)
    else:
        from infcheck.publish.fleet_duckdb import DuckFleet

        fleet = DuckFleet(request.drivers)
    try:
        progress = PhaseProgress(progress_stream, getattr(fleet, "connection", None))
        with progress.phase("reading"):
            if request.inventory is not None:
                fleet.load_inventory(request.inventory)
            else:
                assert request.scenario is not None
                fleet.load_scenario(request.scenario)
        with progress.phase("deciding"):
            if request.engine == "python":
                decide_in_python(fleet)
            else:
                fleet.decide()
        if request.explain is not None:
            out.write(explain(fleet, request.drivers, request.explain))
        if request.output is not None:
            with progress.phase("writing"):
                fleet.write(request.output)
        counts = fleet.summary() if request.output or request.summary_plot or request.format == "text" else []
        if request.summary_plot is not None:
            draw_summary(counts, request.summary_plot)
        if request.explain is not None:
            return
        if request.output is not None:
            out.write(summary_table(counts))
        elif request.format == "json":
            write_json(fleet, request.drivers, out)
        elif request.inventory is not None:
            out.write(summary_table(counts))
        else:
            write_text(fleet, request.drivers, out)
    finally:
        fleet.close()


# The reference engine and the reasons ---------------------------------------------------------------------------


def python_systems(fleet: Any, system: str | None = None) -> list[tuple[System, list[str]]]:
    """The systems (with their device IDs) as the Python engine takes them, in inventory order."""
    chids = fleet.chids_of(system)
    systems: dict[str, tuple[System, list[str]]] = {}
    with collection_paused():
        for system_id, device_id, hwids, compatible_ids, installed in fleet.device_rows(system):
            entry = systems.get(system_id)
            if entry is None:
                entry = systems[system_id] = (System(system_id, frozenset(chids.get(system_id, ()))), [])
            entry[0].devices.append(Device(tuple(hwids), tuple(compatible_ids), installed))
            entry[1].append(device_id)
    return list(systems.values())


def _outcome(simulator: Simulator, device: Device, choice: str | None, offer: str | None) -> tuple[str, str | None]:
    if offer is not None:
        return "offered", choice
    if choice is not None:
        return "already installed", choice
    candidates = simulator.candidates(device)
    if candidates:
        return "blocked by targeting", candidates[0][0].id
    return "not applicable", None


def decide_in_python(fleet: Any) -> None:
    """Fill ``fleet_result_rows`` from the reference engine, so output and summary work as for the query."""
    simulator = Simulator(Scenario(Path("-"), dict(fleet.drivers), []))
    rows = Columns(
        (
            ("row_id", "BIGINT"),
            ("system", "VARCHAR"),
            ("device", "VARCHAR"),
            ("installed", "VARCHAR"),
            ("choice", "VARCHAR"),
            ("offer", "VARCHAR"),
            ("outcome", "VARCHAR"),
            ("driver", "VARCHAR"),
            ("device_class", "BIGINT"),
            ("chid_set", "BIGINT"),
            ("reason", "VARCHAR"),
        )
    )
    fleet.connection.execute("SELECT device_class, chid_set FROM fleet_devices ORDER BY row_id").fetchall()
    for system, device_ids in python_systems(fleet):
        for position, device in enumerate(system.devices):
            decision = simulator.decide(system, position, device)
            outcome, driver = _outcome(simulator, device, decision.choice, decision.offer)
            rows.add(
                len(rows) + 1,
                system.id,
                device_ids[position],
                device.installed,
                decision.choice,
                decision.offer,
                outcome,
                driver,
                None,
                None,
                decision.reason,
            )
    fleet.store_results(rows)


def _reasoned(fleet: Any, drivers: Mapping[str, Driver]) -> Iterator[dict[str, Any]]:
    simulator = Simulator(Scenario(Path("-"), dict(drivers), []))
    results = fleet.results()
    for system, _ in python_systems(fleet):
        for position, device in enumerate(system.devices):
            system_id, device_id, installed, choice, offer, _outcome_name = next(results)
            reason = simulator.decide(system, position, device).reason
            yield {
                "system": system_id,
                "device": device_id,
                "installed": installed,
                "choice": choice,
                "offer": offer,
                "reason": reason,
            }


def write_json(fleet: Any, drivers: Mapping[str, Driver], out: TextIO) -> None:
    """The ``{"results": [...]}`` of ``--format json``, one result per line, reasons from the reference engine."""
    out.write('{"results": [')
    first = True
    for row in _reasoned(fleet, drivers):
        out.write(("\n  " if first else ",\n  ") + json.dumps(row, ensure_ascii=False))
        first = False
    out.write("\n]}\n")


def write_text(fleet: Any, drivers: Mapping[str, Driver], out: TextIO) -> None:
    for row in _reasoned(fleet, drivers):
        line = (
            f"{row['system']}  device {row['device']}: installed {row['installed'] or '-'}, "
            f"choice {row['choice'] or '-'}, offer {row['offer'] or '-'}"
        )
        out.write(escape_control_characters(line) + "\n" + escape_control_characters(f"    {row['reason']}") + "\n")


# Summary ------------------------------------------------------------------------------------------------------


def _by_driver(counts: list[tuple[str | None, str, int]]) -> list[tuple[str, dict[str, int]]]:
    table: dict[str | None, dict[str, int]] = {}
    for driver, outcome, count in counts:
        table.setdefault(driver, dict.fromkeys(OUTCOMES, 0))[outcome] += count
    ordered = sorted(driver for driver in table if driver is not None)
    rows = [(driver, table[driver]) for driver in ordered]
    if None in table:
        rows.append(("(no driver)", table[None]))
    return rows


def summary_table(counts: list[tuple[str | None, str, int]]) -> str:
    """Devices by driver and outcome; the driver is the choice, or for a blocked device the best driver targeting kept away."""
    rows = _by_driver(counts)
    totals = {outcome: sum(row[outcome] for _, row in rows) for outcome in OUTCOMES}
    header = ("driver", *OUTCOMES, "devices")
    body = [(escape_control_characters(name), *(row[o] for o in OUTCOMES), sum(row.values())) for name, row in rows]
    body.append(("total", *(totals[o] for o in OUTCOMES), sum(totals.values())))
    widths = [max(len(str(line[index])) for line in (header, *body)) for index in range(len(header))]
    lines = []
    for line in (header, *body):
        cells = [str(line[0]).ljust(widths[0])] + [
            str(cell).rjust(width) for cell, width in zip(line[1:], widths[1:], strict=False)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def draw_summary(counts: list[tuple[str | None, str, int]], path: str) -> None:
    """The summary as a stacked bar chart, one bar per driver (matplotlib, the fleet extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        raise FleetError(
            "--summary-plot needs matplotlib, which the fleet extra installs: pip install 'infcheck[fleet]'"
        ) from None
    rows = _by_driver(counts)
    names = [name for name, _ in rows]
    figure, axes = pyplot.subplots(figsize=(max(6.0, 0.5 * len(names) + 2), 4.5))
    bottom = [0] * len(rows)
    colors = {
        "offered": "#2e7d32",
        "already installed": "#1565c0",
        "blocked by targeting": "#ef6c00",
        "not applicable": "#9e9e9e",
    }
    for outcome in OUTCOMES:
        values = [row[outcome] for _, row in rows]
        axes.bar(names, values, bottom=bottom, label=outcome, color=colors[outcome])
        bottom = [low + value for low, value in zip(bottom, values, strict=False)]
    axes.set_ylabel("devices")
    axes.set_title("Windows Update offers by driver")
    axes.legend()
    axes.tick_params(axis="x", labelrotation=60)
    figure.tight_layout()
    target = Path(path)
    temporary = target.with_name(f".{target.name}.part")
    try:
        figure.savefig(temporary, format="png")
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise FleetError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        pyplot.close(figure)


# Explanation --------------------------------------------------------------------------------------------------


def explain(fleet: Any, drivers: Mapping[str, Driver], system_id: str) -> str:
    """Everything that decided one system's offers: its CHIDs, each device's candidates, the decisions."""
    found = python_systems(fleet, system_id)
    if not found:
        raise FleetError(f"--explain: no system {system_id!r} in the inventory")
    system, device_ids = found[0]
    decided = {row[1]: row for row in fleet.results_of(system_id)}
    simulator = Simulator(Scenario(Path("-"), dict(drivers), []))
    lines = [
        f"System {system.id}",
        f"  CHIDs: {', '.join('{' + chid + '}' for chid in sorted(system.chids)) or 'none'}",
    ]
    for position, device in enumerate(system.devices):
        device_id = device_ids[position]
        lines.append(f"  Device {device_id}")
        lines.append(f"    hardware IDs: {', '.join(device.hwids) or '-'}")
        lines.append(f"    compatible IDs: {', '.join(device.compatible_ids) or '-'}")
        lines.append(f"    installed: {device.installed or '-'}")
        candidates = simulator.candidates(device)
        if candidates:
            lines.append("    published drivers that match, in PnP order:")
        for number, (driver, rank) in enumerate(candidates, start=1):
            targeting = driver.targeting
            if targeting is None:
                scope = "not targeted (any system)"
            else:
                shared = sorted(targeting & system.chids)
                scope = (
                    f"targeted, applies through {{{shared[0]}}}"
                    if shared
                    else "targeted to CHIDs this system does not have"
                )
            lines.append(f"      {number}. {driver.id}  rank 0x{rank:08X}  DriverVer {driver.driver_ver}  {scope}")
        row = decided.get(device_id) or decided.get(str(device_id))
        if row is not None:
            lines.append(f"    decision: choice {row[3] or '-'}, offer {row[4] or '-'} ({row[5]})")
        lines.append(f"    {simulator.decide(system, position, device).reason}")
    return "".join(escape_control_characters(line) + "\n" for line in lines)
