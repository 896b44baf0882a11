"""The command-line side of fleet simulation: which drivers, which systems, which engine."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from infcheck.publish.fleet import FleetError
from infcheck.publish.package import read_package_inf
from infcheck.publish.scenario import Driver, ScenarioError, load_scenario


def _inf_driver(path: Path) -> Driver:
    """A published, untargeted-unless-[TargetComputers] driver named after its INF file."""
    try:
        package = read_package_inf(path)
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read: {error.strerror or error}") from None
    if package.driver_ver is None:
        raise ScenarioError(f"{path}: cannot rank this driver: {package.driver_ver_error or 'it has no DriverVer'}")
    if not package.entries:
        raise ScenarioError(f"{path}: no Models entry lists a hardware ID")
    return Driver(
        path.stem, package.entries, package.driver_ver, target_computers=package.target_computers, published=True
    )


def _drivers_and_scenario(arguments: argparse.Namespace, plan_drivers: Callable[..., Any]):
    drivers: dict[str, Driver] = dict(
        plan_drivers(Path(arguments.plan), arguments.include_pending) if arguments.plan else {}
    )
    if arguments.inventory is None:
        if len(arguments.scenario) != 1:
            raise FleetError("simulate takes one SCENARIO.toml (several driver files only with --inventory)")
        scenario = load_scenario(Path(arguments.scenario[0]), drivers)
        return scenario.drivers, scenario
    if not arguments.scenario and not drivers:
        raise FleetError("--inventory needs drivers: a scenario file, INF files or --plan")
    for given in arguments.scenario:
        path = Path(given)
        if path.suffix.lower() == ".inf":
            driver = _inf_driver(path)
            if driver.id in drivers:
                raise FleetError(f"{path}: a driver named {driver.id!r} is already given")
            drivers[driver.id] = driver
        else:
            drivers = load_scenario(path, drivers).drivers
    return drivers, None


def run_fleet_simulation(
    arguments: argparse.Namespace, plan_drivers: Callable[..., Any], usage_error: type[Exception]
) -> int:
    from infcheck.publish.fleet_command import FleetRequest, run

    engine = arguments.engine or "duckdb"
    try:
        drivers, scenario = _drivers_and_scenario(arguments, plan_drivers)
        request = FleetRequest(
            drivers=drivers,
            scenario=scenario,
            inventory=Path(arguments.inventory) if arguments.inventory else None,
            engine=engine,
            format=arguments.format,
            output=arguments.output,
            summary_plot=arguments.summary_plot,
            explain=arguments.explain,
        )
        progress = sys.stderr if sys.stderr.isatty() else None
        run(request, sys.stdout, progress)
    except (FleetError, ScenarioError) as error:
        raise usage_error(str(error)) from None
    return 0
