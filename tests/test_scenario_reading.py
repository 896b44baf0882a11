"""Reading [[system]] tables: equal CHID lists and device tables are validated and normalised once,
shared by every system that repeats them, and a table that only looks like one read before is still
reported where it is."""

from __future__ import annotations

import pytest

from infcheck.publish.scenario import ScenarioError, load_scenario

DRIVER = """[[driver]]
id = "A"
hwids = ["PCI\\\\VEN_1"]
driver_ver = "1/1/2020,1.0.0.0"
published = true
"""


def _system(system_id: str, device: str = "hwids = ['PCI\\VEN_1', ' Other ']\ninstalled = \"A\"\n") -> str:
    return f'\n[[system]]\nid = "{system_id}"\nchids = ["Model_1", "OEM"]\n[[system.device]]\n{device}'


def _load(tmp_path, text: str):
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def test_equal_device_tables_and_chid_lists_are_shared(tmp_path):
    scenario = _load(
        tmp_path, DRIVER + _system("S1") + _system("S2") + _system("S3", "hwids = ['PCI\\VEN_1', ' Other ']\n")
    )
    first, second, third = scenario.systems
    assert first.devices[0] is second.devices[0]
    assert first.chids is second.chids is third.chids
    assert first.chids == frozenset({"model_1", "oem"})
    assert first.devices[0].hwids == ("pci\\ven_1", "other")
    assert (first.devices[0].installed, third.devices[0].installed) == ("A", None)
    assert third.devices[0] is not first.devices[0]


@pytest.mark.parametrize(
    ("device", "message"),
    [
        (
            "hwids = ['PCI\\VEN_1', ' Other ']\ninstalled = \"A\"\nvendor = 1\n",
            "unknown key 'vendor' (known: hwids, compatible_ids, installed)",
        ),
        (
            "hwids = ['PCI\\VEN_1', ' Other ']\ninstalled = \"B\"\n",
            "installed driver 'B' is not a driver of this scenario",
        ),
        ("hwids = ['PCI\\VEN_1', 1]\n", "hwids must be a list of strings"),
        ("hwids = ['PCI\\VEN_1', ['x']]\n", "hwids must be a list of strings"),
        ("hwids = ['PCI\\VEN_1']\ninstalled = 1\n", "installed must be a driver id"),
    ],
)
def test_a_device_unlike_those_read_before_is_reported_on_its_line(tmp_path, device, message):
    text = DRIVER + _system("S1") + _system("S2") + _system("S3", device)
    with pytest.raises(ScenarioError) as raised:
        _load(tmp_path, text)
    line = text.splitlines().index('id = "S3"') + 3  # its [[system.device]] header
    assert str(raised.value) == f"{tmp_path / 'scenario.toml'}:{line}: system 'S3', device: {message}"


def test_chids_unlike_those_read_before_are_reported(tmp_path):
    text = DRIVER + _system("S1") + _system("S2").replace('"OEM"', "1")
    with pytest.raises(ScenarioError, match=r":14: system 'S2': chids must be a list of strings$"):
        _load(tmp_path, text)
