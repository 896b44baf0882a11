"""Windows Update offer simulation: the seed's Tables 2-11, PnP ranking, INF-based drivers, bad scenarios."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from infcheck.driverver import parse_driver_ver
from infcheck.publish.ranking import ModelsMatch, driver_rank, ranking_key
from infcheck.publish.scenario import ScenarioError, load_scenario
from infcheck.publish.simulate import simulate

# Table 1: three drivers for HWID_1; A and C are targeted (installation and
# distribution) to CHID_1, B to nobody.
DRIVERS = {
    "A": ("3/1/2015,1.0.0.0", True),
    "B": ("4/15/2015,2.0.1.0", False),
    "C": ("4/1/2015,2.0.0.0", True),
}


def seed_scenario(tmp_path: Path, published: set[str], installed: dict[str, str]) -> Path:
    parts = []
    for driver_id, (driver_ver, targeted) in DRIVERS.items():
        parts.append(f'[[driver]]\nid = "{driver_id}"\nhwids = ["HWID_1"]\ndriver_ver = "{driver_ver}"\n')
        if targeted:
            parts.append('target_computers = ["CHID_1"]\ndistribution_chids = ["CHID_1"]\n')
        parts.append(f"published = {'true' if driver_id in published else 'false'}\n\n")
    for system_id, chid in (("System_A", "CHID_1"), ("System_B", "CHID_2")):
        parts.append(f'[[system]]\nid = "{system_id}"\nchids = ["{chid}"]\n[[system.device]]\nhwids = ["HWID_1"]\n')
        if system_id in installed:
            parts.append(f'installed = "{installed[system_id]}"\n')
        parts.append("\n")
    path = tmp_path / "scenario.toml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


# (table, published drivers, installed driver per system, {system: (choice, offer)}) as the seed states them.
SEED_TABLES = [
    ("Table 2", {"A", "B"}, {}, {"System_A": ("A", "A"), "System_B": ("B", "B")}),
    ("Table 3", {"B", "C"}, {}, {"System_A": ("C", "C"), "System_B": ("B", "B")}),
    ("Table 4", {"A", "B", "C"}, {}, {"System_A": ("C", "C"), "System_B": ("B", "B")}),
    ("Table 5, B published", {"B"}, {"System_A": "A"}, {"System_A": ("B", "B")}),
    ("Table 5, A and B published", {"A", "B"}, {"System_A": "A"}, {"System_A": ("A", None)}),
    ("Table 6", {"B", "C"}, {"System_A": "A"}, {"System_A": ("C", "C")}),
    ("Table 7", {"A", "B", "C"}, {"System_A": "A"}, {"System_A": ("C", "C")}),
    ("Table 8", {"A"}, {"System_A": "B", "System_B": "B"}, {"System_A": ("A", None), "System_B": (None, None)}),
    ("Table 9", {"A", "B"}, {"System_A": "B", "System_B": "B"}, {"System_A": ("A", None), "System_B": ("B", None)}),
    ("Table 10", {"B", "C"}, {"System_A": "B", "System_B": "B"}, {"System_A": ("C", None), "System_B": ("B", None)}),
    (
        "Table 11",
        {"A", "B", "C"},
        {"System_A": "B", "System_B": "B"},
        {"System_A": ("C", None), "System_B": ("B", None)},
    ),
]


@pytest.mark.parametrize(
    ("table", "published", "installed", "expected"), SEED_TABLES, ids=[row[0] for row in SEED_TABLES]
)
def test_seed_tables(tmp_path, table, published, installed, expected):
    decisions = {d.system: d for d in simulate(load_scenario(seed_scenario(tmp_path, published, installed)))}
    for system, (choice, offer) in expected.items():
        decision = decisions[system]
        assert (decision.choice, decision.offer) == (choice, offer), decision.reason
        assert decision.installed == installed.get(system)
        assert decision.reason.endswith(".")


def test_reason_names_the_chid_match_over_a_newer_driver(tmp_path):
    decision = simulate(load_scenario(seed_scenario(tmp_path, {"A", "B"}, {})))[0]
    assert "CHID-targeted" in decision.reason and "B has a newer DriverVer" in decision.reason


def test_json_output_contract(tmp_path):
    path = seed_scenario(tmp_path, {"A", "B", "C"}, {"System_A": "B"})
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "simulate", str(path), "--format", "json"], capture_output=True, timeout=60
    )
    assert result.returncode == 0
    results = json.loads(result.stdout)["results"]
    assert [list(row) for row in results] == [["system", "device", "installed", "choice", "offer", "reason"]] * 2
    assert [(r["system"], r["device"], r["installed"], r["choice"], r["offer"]) for r in results] == [
        ("System_A", 0, "B", "C", None),
        ("System_B", 0, None, "B", "B"),
    ]


@pytest.mark.parametrize("system_id", ['Lab "7"', "Büro\\PC", "tab\there", "plain-id 42"])
def test_json_output_writes_any_system_id_as_json_does(tmp_path, system_id):
    path = tmp_path / "s.toml"
    path.write_text(
        '[[driver]]\nid = "X"\nhwids = ["H"]\ndriver_ver = "1/1/2020,1.0.0.0"\npublished = true\n'
        f'[[system]]\nid = {json.dumps(system_id)}\nchids = []\n[[system.device]]\nhwids = ["h"]\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "simulate", str(path), "--format", "json"], capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.decode("utf-8").splitlines()[1]
    assert line.startswith(f'  {{"system": {json.dumps(system_id, ensure_ascii=False)}, "device": 0, ')
    assert json.loads(result.stdout)["results"][0]["offer"] == "X"


def test_drivers_read_from_real_inf_files():
    decisions = simulate(load_scenario(FIXTURES / "simulate" / "from_inf_files.toml"))
    assert [(d.system, d.device, d.choice, d.offer) for d in decisions] == [
        ("Contoso Laptop 14", 0, "laptop14", "laptop14"),
        ("Fabrikam Desktop", 0, "generic", None),
        ("Fabrikam Desktop", 1, "generic", "generic"),
    ]


def test_intersection_of_installation_and_distribution_targeting(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(
        '[[driver]]\nid = "X"\nhwids = ["H"]\ndriver_ver = "1/1/2020,1.0.0.0"\ntarget_computers = ["C1", "C2"]\n'
        'distribution_chids = ["{C2}", "C3"]\npublished = true\n'
        + "".join(f'[[system]]\nid = "S{n}"\nchids = ["c{n}"]\n[[system.device]]\nhwids = ["h"]\n' for n in (1, 2, 3))
    )
    assert [d.offer for d in simulate(load_scenario(path))] == [None, "X", None]


VER = parse_driver_ver("1/1/2020,1.0.0.0", strict=False)


def test_ranking_order():
    hwids, cids = ["usb\\vid_1&pid_2&rev_3", "usb\\vid_1&pid_2"], ["usb\\class_03"]
    exact = driver_rank([ModelsMatch("usb\\vid_1&pid_2&rev_3")], "trusted", hwids, cids)
    second = driver_rank([ModelsMatch("usb\\vid_1&pid_2")], "trusted", hwids, cids)
    compatible = driver_rank([ModelsMatch("other", ("usb\\vid_1&pid_2",))], "trusted", hwids, cids)
    class_match = driver_rank([ModelsMatch("usb\\class_03")], "trusted", hwids, cids)
    better_feature = driver_rank([ModelsMatch("usb\\class_03", (), 0x00)], "trusted", hwids, cids)
    unsigned = driver_rank([ModelsMatch("usb\\vid_1&pid_2&rev_3")], "unsigned", hwids, cids)
    assert (exact, second, compatible, class_match) == (0x0DFF0000, 0x0DFF0001, 0x0DFF1001, 0x0DFF2000)
    assert better_feature < exact < unsigned
    assert driver_rank([ModelsMatch("nothing")], "trusted", hwids, cids) is None
    newer = parse_driver_ver("2/1/2020,1.0.0.0", strict=False)
    higher = parse_driver_ver("1/1/2020,1.0.0.1", strict=False)
    assert ranking_key(exact, newer) < ranking_key(exact, VER)
    assert ranking_key(exact, higher) < ranking_key(exact, VER)
    assert ranking_key(exact, VER) < ranking_key(second, newer)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[driver]]\nid = "A"\nhwids = ["H"]\ndriver_ver = "1/1/2020,1.0.0.0"\n[[system]]\nid = "S"\n[[system.device]]\nhwids = ["H"]\ninstalled = "Z"\n',
            r"s\.toml:7: system 'S', device: installed driver 'Z'",
        ),
        (
            '[[driver]]\nid = "A"\nhwids = ["H"]\ndriver_ver = "13/1/2020,1.0.0.0"\n',
            r"s\.toml:1: driver 'A': driver_ver: date",
        ),
        ('\n[[driver]]\nid = "A"\nhwids = ["H"]\n', r"s\.toml:2: driver 'A': needs driver_ver"),
        ('[[driver]]\nid = "A"\ndriver_ver = "1/1/2020,1.0.0.0"\n', r"needs hwids"),
        ('[[driver]]\nid = "A"\nhwid = ["H"]\n', r"unknown key 'hwid'"),
        (
            '[[driver]]\nid = "A"\nhwids = ["H"]\ndriver_ver = "1/1/2020,1.0.0.0"\n[[driver]]\nid = "A"\nhwids = ["H"]\ndriver_ver = "1/1/2020,1.0.0.0"\n',
            r"s\.toml:5: driver id 'A' is used twice",
        ),
        ('[[driver]]\nid = "A"\ninf = "missing.inf"\n', r"cannot read"),
        ('[[system]]\nid = "S"\nsmbios = { manufacturer = "M", bios_major = 999 }\n', r"smbios\.bios_major"),
        ("[[driver]\n", r"invalid TOML"),
        ('[[drivers]]\nid = "A"\n', r"unknown top-level key 'drivers'"),
    ],
)
def test_bad_scenarios_name_the_problem_and_the_line(tmp_path, text, message):
    path = tmp_path / "s.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=message):
        load_scenario(path)
    result = subprocess.run([sys.executable, "-m", "infcheck", "simulate", str(path)], capture_output=True, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.decode().strip().splitlines()) == 1 and b"Traceback" not in result.stderr


def test_both_toml_readers_agree(monkeypatch, tmp_path):
    from infcheck.publish import scenario as scenario_module

    text = (FIXTURES / "simulate" / "from_inf_files.toml").read_text(encoding="utf-8")
    assert scenario_module.read_toml(text) == scenario_module._read_toml_standard(text)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[driver]\nid = "A"\n')
    monkeypatch.setitem(sys.modules, "rtoml", None)  # as if the fast extra were not installed
    with pytest.raises(ScenarioError, match=r"invalid TOML: .*line 1"):
        load_scenario(bad)
    assert [d.offer for d in simulate(load_scenario(FIXTURES / "simulate" / "from_inf_files.toml"))] == [
        "laptop14",
        None,
        "generic",
    ]


def test_a_signature_that_is_not_a_string_is_a_scenario_error(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[[driver]]\nid = "A"\nhwids = ["H"]\ndriver_ver = "1/1/2020,1.0.0.0"\nsignature = ["trusted"]\n')
    with pytest.raises(ScenarioError, match="signature must be one of"):
        load_scenario(path)


def test_control_characters_in_a_scenario_error_are_escaped(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[[driver]]\nid = "A"\ninf = "\\u0000x"\n')
    with pytest.raises(ScenarioError) as raised:
        load_scenario(path)
    message = str(raised.value)
    assert "\x00" not in message and "\\x00x" in message
