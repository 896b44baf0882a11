"""``infcheck chid --inventory``: the CHIDs of every system of an inventory, computed once per SMBIOS tuple."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from infcheck.publish.fleet_duckdb import DuckFleet


def write_inventory_chids(inventory: Path, output: str | None, out: TextIO) -> None:
    """One row per system: ``system`` and ``HardwareID-0`` ... ``HardwareID-14`` (braced GUIDs, empty when not produced)."""
    from infcheck.publish.inventory import Inventory

    fleet = DuckFleet({})
    try:
        loaded = Inventory(fleet.connection, inventory, None, needs_devices=False)
        query = loaded.chid_table()
        fleet.connection.execute(f"CREATE OR REPLACE TABLE fleet_result_rows AS {query}")
        if output is not None:
            fleet.write_table(output)
            return
        cursor = fleet.connection.execute("SELECT * FROM fleet_result_rows")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([column[0] for column in cursor.description])
        while batch := cursor.fetchmany(10_000):
            writer.writerows(batch)
    finally:
        fleet.close()
