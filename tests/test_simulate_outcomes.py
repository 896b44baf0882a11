"""simulate_outcomes and the writers that write each distinct outcome once: the same results, byte for byte,
as when every device's decision is written on its own."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from infcheck import cli
from infcheck.diagnostics import escape_control_characters
from infcheck.publish.scenario import load_scenario
from infcheck.publish.simulate import simulate, simulate_outcomes

SCENARIO = """[[driver]]
id = "A"
hwids = ["PCI\\\\VEN_1&DEV_2"]
driver_ver = "1/1/2020,1.0.0.0"
published = true

[[driver]]
id = "B"
hwids = ["pci\\\\ven_1&dev_2", "PCI\\\\VEN_1"]
driver_ver = "2/1/2020,1.0.0.0"
target_computers = ["{AAAAAAAA-0000-0000-0000-000000000001}", "MODEL_2"]
published = true

[[driver]]
id = "C"
hwids = ["PCI\\\\VEN_1"]
driver_ver = "3/1/2020,2.0.0.0"
distribution_chids = ["model_2"]
feature_score = "0xF8"
published = true

[[system]]
id = "S1"
chids = ["{aaaaaaaa-0000-0000-0000-000000000001}", "OEM"]
[[system.device]]
hwids = ['PCI\\VEN_1&DEV_2', 'PCI\\VEN_1']
installed = "A"
[[system.device]]
hwids = [' PCI\\VEN_1 ']
compatible_ids = ['PCI\\VEN_1']

[[system]]
id = "S2"
chids = ["Model_2"]
[[system.device]]
hwids = ['PCI\\VEN_1&DEV_2']

[[system]]
id = "S3"
[[system.device]]
hwids = []
compatible_ids = []
[[system]]
id = "S4"
chids = []

[[system]]
id = "S5"
chids = ["OEM", "{AAAAAAAA-0000-0000-0000-000000000001}"]
[[system.device]]
hwids = ['pci\\ven_1&dev_2', 'PCI\\VEN_1']
installed = "A"
"""


def _written(outcomes, output_format: str) -> str:
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert cli._write_outcomes(outcomes, output_format) == cli.EXIT_OK
    return output.getvalue()


@pytest.mark.parametrize("odd_id", [None, "Système 3", 'S"3\\', "S\x853", "S\u202e3"])
def test_outcomes_are_written_as_each_decision_would_be(tmp_path, odd_id):
    text = SCENARIO if odd_id is None else SCENARIO.replace('"S3"', json.dumps(odd_id, ensure_ascii=True))
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    scenario = load_scenario(path)
    decisions = simulate(scenario)
    outcomes = simulate_outcomes(scenario)
    assert [(d.system, d.device, (d.installed, d.choice, d.offer, d.reason)) for d in decisions] == outcomes
    assert len(outcomes) == 5

    rows = [json.dumps(d.as_dict(), ensure_ascii=False) for d in decisions]
    assert _written(outcomes, "json") == '{"results": [\n' + ",\n".join(f"  {row}" for row in rows) + "\n]}\n"
    lines = []
    for d in decisions:
        first = f"{d.system}  device {d.device}: installed {d.installed or '-'}, choice {d.choice or '-'}, "
        lines += [first + f"offer {d.offer or '-'}", f"    {d.reason}"]
    assert _written(outcomes, "text") == "".join(escape_control_characters(line) + "\n" for line in lines)


def test_devices_decided_alike_share_one_outcome(tmp_path):
    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    outcomes = simulate_outcomes(load_scenario(path))
    first, last = outcomes[0], outcomes[-1]
    assert (first[0], first[1], last[0], last[1]) == ("S1", 0, "S5", 0)
    assert first[2] is last[2]
    assert first[2][:3] == ("A", "B", "B")


def test_no_outcome_is_an_empty_list():
    assert _written([], "json") == '{"results": [\n]}\n'
    assert _written([], "text") == ""
