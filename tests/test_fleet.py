"""Fleet simulation: the SQL decision against the reference engine, inventories good and bad, outputs."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_simulate import SEED_TABLES, seed_scenario

from infcheck.publish.fleet import FleetError
from infcheck.publish.fleet_command import FleetRequest, run
from infcheck.publish.scenario import Scenario, load_scenario
from infcheck.publish.simulate import simulate

duckdb = pytest.importorskip("duckdb")


def _bench_module():
    # Loaded from its file, not through sys.path: bench/ holds a fuzz.py that tests/fuzz must not meet.
    path = Path(__file__).resolve().parent.parent / "bench" / "bench_simulate.py"
    spec = importlib.util.spec_from_file_location("bench_simulate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_simulate = _bench_module()

SIMULATE = FIXTURES / "simulate"
PLAN = FIXTURES / "plan" / "example"


def _plan_scenario() -> Scenario:
    from infcheck.cli import _plan_drivers

    return load_scenario(PLAN / "systems.toml", _plan_drivers(PLAN / "publish.toml", True))


def every_scenario(tmp_path: Path) -> list[tuple[str, Scenario]]:
    """Every scenario the tests use: the seed's tables, the fixtures, the plan example, a generated fleet."""
    scenarios = []
    for table, published, installed, _ in SEED_TABLES:
        folder = tmp_path / table.replace(" ", "_").replace(",", "")
        folder.mkdir()
        scenarios.append((table, load_scenario(seed_scenario(folder, published, installed))))
    for path in sorted(SIMULATE.glob("*.toml")):
        scenarios.append((path.name, load_scenario(path)))
    scenarios.append(("plan example", _plan_scenario()))
    intersection = tmp_path / "intersection.toml"
    intersection.write_text(
        '[[driver]]\nid = "X"\nhwids = ["H"]\ndriver_ver = "1/1/2020,1.0.0.0"\ntarget_computers = ["C1", "C2"]\n'
        'distribution_chids = ["{C2}", "C3"]\npublished = true\n'
        + "".join(f'[[system]]\nid = "S{n}"\nchids = ["c{n}"]\n[[system.device]]\nhwids = ["h"]\n' for n in (1, 2, 3))
    )
    scenarios.append(("intersection", load_scenario(intersection)))
    generated = tmp_path / "generated.toml"
    generated.write_text(bench_simulate.generate(24, 400, seed=7), encoding="utf-8")
    scenarios.append(("generated fleet", load_scenario(generated)))
    return scenarios


def _engine_rows(scenario: Scenario, engine: str) -> list[dict]:
    out = _Capture()
    run(FleetRequest(drivers=scenario.drivers, scenario=scenario, engine=engine, format="json"), out, None)
    return json.loads(out.text)["results"]


class _Capture:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def test_the_query_decides_every_test_scenario_as_the_reference_engine(tmp_path):
    checked = 0
    for name, scenario in every_scenario(tmp_path):
        reference = [
            {"system": d.system, "device": d.device, "installed": d.installed, "choice": d.choice, "offer": d.offer}
            for d in simulate(scenario)
        ]
        decided = [{key: row[key] for key in reference[0]} for row in _engine_rows(scenario, "duckdb")]
        assert decided == reference, name
        checked += len(reference)
    assert checked > 600


def test_output_files_give_each_device_the_reference_engines_reason(tmp_path):
    checked = 0
    for number, (name, scenario) in enumerate(every_scenario(tmp_path)):
        output = tmp_path / f"results{number}.parquet"
        request = FleetRequest(drivers=scenario.drivers, scenario=scenario, engine="duckdb", output=str(output))
        run(request, _Capture(), None)
        written = duckdb.sql(f"SELECT system, device, choice, offer, reason FROM '{output}'").fetchall()
        reference = [(d.system, d.device, d.choice, d.offer, d.reason) for d in simulate(scenario)]
        assert written == reference, name
        checked += len(reference)
    assert checked > 600


def test_the_generated_fleet_exercises_every_outcome(tmp_path):
    generated = tmp_path / "generated.toml"
    generated.write_text(bench_simulate.generate(24, 400, seed=7), encoding="utf-8")
    scenario = load_scenario(generated)
    out = _Capture()
    run(FleetRequest(drivers=scenario.drivers, scenario=scenario, engine="duckdb", format="text"), out, None)
    decisions = simulate(scenario)
    assert {d.offer is not None for d in decisions} == {True, False}
    assert any(d.choice is not None and d.offer is None for d in decisions)


INVENTORY_DRIVERS = SIMULATE / "from_inf_files.toml"
EXPECTED = [
    ("laptop-0001", "sensor", None, "laptop14", "laptop14"),
    ("desktop-0002", "sensor", "generic", "generic", None),
    ("desktop-0002", "button", None, None, None),
    ("desktop-0003", "sensor", None, "generic", "generic"),
]


def _simulate(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infcheck", "simulate", *arguments], capture_output=True, text=True, timeout=120, cwd=cwd
    )


def _convert(source: Path, target: Path) -> Path:
    """The CSV example as Parquet or JSON Lines, with real lists."""
    kind = "FORMAT parquet" if target.suffix == ".parquet" else "FORMAT json"
    duckdb.sql(
        f"COPY (SELECT * REPLACE (string_split(hwids, ';') AS hwids, "
        f"coalesce(string_split(compatible_ids, ';'), []::VARCHAR[]) AS compatible_ids) "
        f"FROM read_csv('{source}', all_varchar = true, delim = ',')) TO '{target}' ({kind})"
    )
    return target


@pytest.mark.parametrize("extension", [".csv", ".parquet", ".jsonl"])
@pytest.mark.parametrize("engine", ["duckdb", "python"])
def test_inventories_in_every_format_give_the_documented_decisions(tmp_path, extension, engine):
    inventory = SIMULATE / "inventory.csv"
    if extension != ".csv":
        inventory = _convert(inventory, tmp_path / f"inventory{extension}")
    result = _simulate(str(INVENTORY_DRIVERS), "--inventory", str(inventory), "--engine", engine, "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]
    assert [(r["system"], r["device"], r["installed"], r["choice"], r["offer"]) for r in rows] == EXPECTED
    assert rows[0]["reason"].startswith("laptop14 is the distribution choice because it is CHID-targeted")


@pytest.mark.parametrize("extension", [".csv", ".parquet", ".jsonl"])
def test_output_streams_to_a_file_and_the_summary_counts_by_driver_and_outcome(tmp_path, extension):
    output = tmp_path / f"results{extension}"
    result = _simulate(str(INVENTORY_DRIVERS), "--inventory", str(SIMULATE / "inventory.csv"), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "driver       offered  already installed  blocked by targeting  not applicable  devices",
        "generic            1                  1                     0               0        2",
        "laptop14           1                  0                     0               0        1",
        "(no driver)        0                  0                     0               1        1",
        "total              2                  1                     0               1        4",
    ]
    assert result.stderr == ""  # no progress bar when standard error is not a terminal
    rows = duckdb.sql(f"SELECT system, device, installed, choice, offer, outcome FROM '{output}'").fetchall()
    assert [row[:5] for row in rows] == EXPECTED
    assert [row[5] for row in rows] == ["offered", "already installed", "not applicable", "offered"]
    reasons = [row[0] for row in duckdb.sql(f"SELECT reason FROM '{output}'").fetchall()]
    assert reasons[1] == (
        "generic is the best-ranked driver without CHID targeting; laptop14 is targeted to CHIDs this system "
        "does not have; it is already installed, so nothing is offered."
    )
    assert reasons[2] == "No published driver lists any of this device's hardware or compatible IDs."
    assert [path.name for path in tmp_path.iterdir()] == [output.name]


def test_the_summary_plot_is_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    plot = tmp_path / "summary.png"
    result = _simulate(
        str(INVENTORY_DRIVERS), "--inventory", str(SIMULATE / "inventory.csv"), "--summary-plot", str(plot)
    )
    assert result.returncode == 0, result.stderr
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [path.name for path in tmp_path.iterdir()] == [plot.name]
    wrong = _simulate(str(INVENTORY_DRIVERS), "--inventory", str(SIMULATE / "inventory.csv"), "--summary-plot", "x.svg")
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "infcheck: x.svg: --summary-plot draws a PNG image; name it FILE.png\n",
    )


def test_explain_prints_the_reasoning_for_one_system():
    result = _simulate(
        str(INVENTORY_DRIVERS), "--inventory", str(SIMULATE / "inventory.csv"), "--explain", "desktop-0002"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "System desktop-0002"
    assert "      1. generic  rank 0x0DF80000  DriverVer 05/10/2026,2.1.0.0  not targeted (any system)" in lines
    assert (
        "      2. laptop14  rank 0x0DF80000  DriverVer 03/02/2026,2.0.5.0  targeted to CHIDs this system does not have"
        in lines
    )
    assert "    decision: choice generic, offer - (already installed)" in lines
    assert "    decision: choice -, offer - (not applicable)" in lines
    missing = _simulate(str(INVENTORY_DRIVERS), "--inventory", str(SIMULATE / "inventory.csv"), "--explain", "nobody")
    assert (missing.returncode, missing.stderr) == (2, "infcheck: --explain: no system 'nobody' in the inventory\n")


def test_chid_inventory_computes_each_systems_chids():
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "chid", "--inventory", str(SIMULATE / "inventory.csv")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split(",")[:3] == ["system", "HardwareID-0", "HardwareID-1"]
    laptop = lines[1].split(",")
    assert laptop[0] == "laptop-0001" and laptop[6] == "{8dc9b7c5-f5d5-5850-9ab3-bd6f0549d814}" and laptop[1] == ""
    assert [line.split(",")[0] for line in lines[1:]] == ["laptop-0001", "desktop-0002", "desktop-0003"]


HEADER = "system,device,hwids,compatible_ids,installed,chids\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "the file is empty; expected a header row"),
        ("header.csv", HEADER.encode(), "no rows (an inventory has one row per device of each system)"),
        ("missing.csv", b"system,device,hwids,installed,chids\nS,d,H,,C\n", "missing column compatible_ids"),
        (
            "unknown.csv",
            (HEADER.strip() + ",colour\n").encode() + b"S,d,H,,,C,red\n",
            "column colour: not an inventory column",
        ),
        (
            "no_chids.csv",
            b"system,device,hwids,compatible_ids,installed\nS,d,H,,\n",
            "needs a chids column or SMBIOS columns",
        ),
        ("ragged.csv", HEADER.encode() + b"S,d,H,,,C\nT,d\n", "line 3: expected 6 columns, found 2"),
        (
            "empty_system.csv",
            HEADER.encode() + b"S,d,H,,,C\n,d,H,,,C\n",
            "row 2 (line 3), column system: the system ID is empty",
        ),
        (
            "twice.csv",
            HEADER.encode() + b"S,d,H,,,C\nT,d,H,,,C\nS,d,H2,,,C\n",
            "row 3 (line 4), column device: device 'd' of system 'S' is already on row 1",
        ),
        (
            "disagree.csv",
            HEADER.encode() + b"S,d,H,,,C1\nS,e,H,,,C2\n",
            "row 2 (line 3), column chids: system 'S' has 'C2' here but 'C1' on row 1",
        ),
        (
            "unknown_driver.csv",
            HEADER.encode() + b"S,d,H,,nobody,C\n",
            "row 1 (line 2), column installed: installed driver 'nobody' is not one of the drivers given",
        ),
        (
            "bad_byte.csv",
            b"system,device,hwids,compatible_ids,installed,manufacturer,bios_major\nS,d,H,,,M,1\nT,d,H,,,M,300\n",
            "row 2 (line 3), column bios_major: 300 is outside 0-255",
        ),
        ("binary.csv", b"PAR1\xff\xfe\x00\x01", "not a CSV file: the first line is not UTF-8 text"),
        ("text.parquet", HEADER.encode(), "not a Parquet file"),
        ("text.jsonl", b"system,device\n", "not a JSON Lines file"),
        ("inventory.xlsx", b"", "the extension must say the format"),
    ],
)
def test_bad_inventories_are_one_line_errors_and_leave_no_output(tmp_path, name, content, message):
    inventory = tmp_path / name
    inventory.write_bytes(content)
    output = tmp_path / "out" / "results.csv"
    output.parent.mkdir()
    result = _simulate(str(INVENTORY_DRIVERS), "--inventory", str(inventory), "--output", str(output))
    assert result.returncode == 2, result.stdout
    assert result.stderr.startswith(f"infcheck: {inventory}")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert list(output.parent.iterdir()) == []


def test_a_csv_with_a_byte_order_mark_reads_as_without(tmp_path):
    inventory = tmp_path / "bom.csv"
    inventory.write_bytes(b"\xef\xbb\xbf" + (SIMULATE / "inventory.csv").read_bytes())
    result = _simulate(str(INVENTORY_DRIVERS), "--inventory", str(inventory), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [(r["system"], r["choice"]) for r in json.loads(result.stdout)["results"]] == [
        (e[0], e[3]) for e in EXPECTED
    ]


def test_a_list_column_of_the_wrong_type_names_the_column(tmp_path):
    inventory = tmp_path / "typed.parquet"
    duckdb.sql(
        f"COPY (SELECT 'S' AS system, 'd' AS device, 7 AS hwids, []::VARCHAR[] AS compatible_ids, "
        f"NULL::VARCHAR AS installed, ['c'] AS chids) TO '{inventory}' (FORMAT parquet)"
    )
    result = _simulate(str(INVENTORY_DRIVERS), "--inventory", str(inventory))
    assert (result.returncode, result.stderr) == (
        2,
        f"infcheck: {inventory}: column hwids: must be a list of strings, not INTEGER\n",
    )


def test_a_failed_write_leaves_no_partial_file(tmp_path):
    scenario = load_scenario(SIMULATE / "from_inf_files.toml")
    target = tmp_path / "missing-folder" / "results.parquet"
    with pytest.raises(FleetError):
        run(FleetRequest(drivers=scenario.drivers, scenario=scenario, output=str(target)), _Capture(), None)
    assert not target.parent.exists()


def test_the_plain_check_imports_no_fleet_dependency():
    probe = (
        "import sys\nfrom infcheck.cli import main\n"
        f"main(['check', {str(FIXTURES / 'demo')!r}])\n"
        "loaded = sorted(name for name in ('duckdb', 'matplotlib', 'pyspark', 'pyarrow') if name in sys.modules)\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "[]"
