"""``infcheck info``: what each INF installs, as text and as JSON."""

from __future__ import annotations

import json

from conftest import FIXTURES

from infcheck.cli import main

CONTOSO = FIXTURES / "rules" / "PKG001" / "pass_two_architectures" / "contoso.inf"
SENSOR = FIXTURES / "demo" / "contoso_sensor.inf"


def test_json_lists_devices_files_and_registry_values(capsys):
    assert main(["info", str(SENSOR), "--format", "json"]) == 0
    (described,) = json.loads(capsys.readouterr().out)
    assert described["path"] == SENSOR.as_posix()
    assert described["driver_ver"] == "06/01/2026,1.2.0.0"
    devices = {(d["id"], d["kind"], d["architecture"]) for d in described["devices"]}
    assert devices == {
        ("ACPI\\CTSO0001", "hardware", "amd64"),
        ("ACPI\\VEN_CTSO&DEV_0001", "compatible", "amd64"),
        ("ACPI\\CTSO0001", "hardware", "arm64"),
        ("ACPI\\VEN_CTSO&DEV_0001", "compatible", "arm64"),
    }
    first = described["devices"][0]
    assert (first["minimum_os"], first["install_section"], first["services"]) == (
        "10.0.19041",
        "Sensor_Install.NT",
        ["ContosoSensor"],
    )
    assert [(f["source"], f["destination"]) for f in described["files"]] == [
        ("contoso_sensor.sys", "%13% (driver store)")
    ]
    assert [(r["root"], r["value"], r["type"]) for r in described["registry"]] == [("HKR", "SensorMode", "REG_DWORD")]


def test_text_names_each_device_once_per_architecture(capsys):
    assert main(["info", str(CONTOSO)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{CONTOSO.as_posix()} (class System, 03/01/2026,1.0.0.0)"
    devices = [line for line in lines if "(hardware ID)" in line]
    assert devices == [
        "    PCI\\VEN_1234&DEV_5678&SUBSYS_00011234 (hardware ID): amd64, Windows 10.0.19041 and later, "
        "installs [Install.NT], service contoso",
        "    PCI\\VEN_1234&DEV_5678&SUBSYS_00011234 (hardware ID): arm64, Windows 10.0.19041 and later, "
        "installs [Install.NT], service contoso",
    ]
    assert "    contoso.sys -> %13% (driver store), from [Install.NT]" in lines


def test_a_folder_is_searched_and_an_unreadable_path_exits_2(tmp_path, capsys):
    (tmp_path / "a.inf").write_bytes(CONTOSO.read_bytes())
    assert main(["info", str(tmp_path), str(tmp_path / "missing.inf"), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert [d["path"] for d in json.loads(captured.out)] == [(tmp_path / "a.inf").as_posix()]
    assert captured.err == f"infcheck: {tmp_path / 'missing.inf'}: no such file or directory\n"
