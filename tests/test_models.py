"""The small models rules stand on: hardware IDs, TargetOSVersion, DriverVer, GUIDs and the index."""

from __future__ import annotations

import datetime

import pytest

from infcheck.driverver import DriverVerError, parse_driver_ver
from infcheck.guids import normalize_guid
from infcheck.hwid import parse_hardware_id
from infcheck.index import Index
from infcheck.parse import parse_text
from infcheck.targetos import parse_target_os


def _parts(text: str) -> list[tuple[str, str, str]]:
    hardware_id = parse_hardware_id(text)
    return [(part.kind, part.value, text[part.start : part.end]) for part in hardware_id.parts]


def test_pci_id_parts_and_offsets():
    text = "PCI\\VEN_8086&DEV_1234&SUBSYS_00011028&REV_01"
    hardware_id = parse_hardware_id(text)
    assert hardware_id.enumerator == "PCI"
    assert _parts(text) == [
        ("VEN", "8086", "VEN_8086"),
        ("DEV", "1234", "DEV_1234"),
        ("SUBSYS", "00011028", "SUBSYS_00011028"),
        ("REV", "01", "REV_01"),
    ]
    assert hardware_id.describe() == "enumerator PCI: VEN=8086, DEV=1234, SUBSYS=00011028, REV=01"


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("USB\\Vid_045E&Pid_0040&MI_00", ["VID", "PID", "MI"]),
        ("USB\\Class_03&SubClass_01&Prot_02", ["CLASS", "SUBCLASS", "PROT"]),
        ("HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_10EC0889&REV_1000", ["FUNC", "VEN", "DEV", "SUBSYS", "REV"]),
        ("HDAUDIO\\FUNC_01&CTRL_VEN_8086&CTRL_DEV_A0C8", ["FUNC", "CTRL_VEN", "CTRL_DEV"]),
        ("HID\\VID_045E&PID_0040&MI_01&Col02", ["VID", "PID", "MI", "COL"]),
        ("PCI\\CC_0300", ["CC"]),
        ("UEFI\\RES_{4a9c5b2e-7f31-4d5a-9c61-2b8e0f3d1a77}&REV_2", ["RES", "REV"]),
        ("BTHENUM\\{00001124-0000-1000-8000-00805f9b34fb}_VID&0001045e_PID&0040", ["SERVICE", "VID", "PID"]),
        ("BTHENUM\\{0000110b-0000-1000-8000-00805f9b34fb}_LOCALMFG&000f", ["SERVICE", "LOCALMFG"]),
        ("ROOT\\CONTOSO\\SENSOR", ["TEXT", "TEXT"]),
        ("ACPI\\MSFT0001", ["TEXT"]),
    ],
)
def test_parts_by_bus(text, kinds):
    assert parse_hardware_id(text).kinds == tuple(kinds)


def test_ids_without_an_enumerator():
    generic = parse_hardware_id("*PNP0C14")
    assert generic.enumerator is None and generic.generic
    assert parse_hardware_id("VID_1234&PID_0001").kinds == ("VID", "PID")
    assert parse_hardware_id("").parts == ()


@pytest.mark.parametrize(
    ("text", "architecture", "build", "problem"),
    [
        ("NTamd64.10.0...22000", "amd64", 22000, None),
        ("ntARM64", "arm64", None, None),
        ("NT$ARCH$.10.0...16299", "$arch$", 16299, None),
        ("NTx86....0x80", "x86", None, None),
        ("NTx64", None, None, "not an architecture"),
        ("NTamd64.10.0...1000", "amd64", 1000, "14310 or greater"),
        ("NTamd64.6.3...17763", "amd64", 17763, "10.0 or later"),
        ("NTamd64.10.0.7", "amd64", None, "ProductType"),
        ("amd64", None, None, "starts with 'NT'"),
    ],
)
def test_target_os(text, architecture, build, problem):
    target = parse_target_os(text)
    assert (target.architecture, target.build) == (architecture, build)
    if problem is None:
        assert target.valid
    else:
        assert problem in target.problem


def test_target_os_is_parsed_once_per_text():
    first = parse_target_os("NTamd64.10.0...22000")
    assert parse_target_os("NTamd64.10.0...22000") is first
    # Another spelling is its own parse, with the same meaning and its own text.
    other = parse_target_os(" ntAMD64.10.0...22000 ")
    assert other is not first
    assert (other.text, other.architecture, other.build) == ("ntAMD64.10.0...22000", "amd64", 22000)


def test_driver_ver():
    parsed = parse_driver_ver("06/01/2026,1.2.3.4")
    assert parsed.date == datetime.date(2026, 6, 1) and parsed.version == (1, 2, 3, 4)
    assert parse_driver_ver("3/1/2015,1.0.0.0", strict=False) < parse_driver_ver("4/15/2015,2.0.1.0", strict=False)
    for bad in (
        "6/1/2026,1.0.0.0",
        "06/31/2026,1.0.0.0",
        "06/01/2026,1.0.0",
        "06/01/2026,0.0.0.0",
        "06/01/2026",
        "06/01/2026,1.0.65536.0",
    ):
        with pytest.raises(DriverVerError):
            parse_driver_ver(bad)


def test_guids():
    assert normalize_guid("{6DE5D951-D755-576B-BD09-C5CF66B27234}") == "6de5d951-d755-576b-bd09-c5cf66b27234"
    assert normalize_guid("6de5d951-d755-576b-bd09-c5cf66b27234") == "6de5d951-d755-576b-bd09-c5cf66b27234"
    assert normalize_guid("{6de5d951-d755-576b-bd09-c5cf66b2723g}") is None


INF = """\
[Version]
Signature = "$Windows NT$"
DriverVer = 06/01/2026,1.0.0.0
[Manufacturer]
%Mfg% = Models, NTamd64.10.0...19041, NTx86
[Models.NTamd64.10.0...19041]
%Desc% = Install, PCI\\VEN_8086&DEV_1234&SUBSYS_00011028, PCI\\VEN_8086&DEV_1234
[Models.NTx86]
%Desc% = Install, %HwId%
[Install.NTamd64]
CopyFiles = Files_A, @single.sys
AddReg = Reg_A
[Install.NTamd64.Services]
AddService = Svc, 0x2, Svc_Install, Svc_EventLog
[Install.NTamd64.HW]
AddReg = Reg_HW
[Install]
CopyFiles = Files_X86
[Strings]
Mfg = "Contoso"
Desc = "Device"
HwId = "USB\\VID_045E&PID_0040"
"""


def test_index_models_install_sections_and_references():
    document = parse_text(INF, "a.inf")
    index = Index(document)
    assert index.version.text("driverver") == "06/01/2026"
    assert [(m.name, m.platform_extension) for m in index.models_sections] == [
        ("Models.NTamd64.10.0...19041", "ntamd64"),
        ("Models.NTx86", "ntx86"),
    ]
    ids = [(d.hardware_id.text, d.compatible) for d in index.all_device_ids]
    assert ids == [
        ("PCI\\VEN_8086&DEV_1234&SUBSYS_00011028", False),
        ("PCI\\VEN_8086&DEV_1234", True),
        ("USB\\VID_045E&PID_0040", False),
    ]
    assert sorted(index.install_sections) == ["install", "install.ntamd64"]
    family = index.install_sections["install.ntamd64"].family(document)
    assert sorted(family) == ["hw", "services"]
    references = [(r.directive, r.target) for r in index.references]
    assert references == [
        ("copyfiles", "Files_A"),
        ("addreg", "Reg_A"),
        ("addservice", "Svc_Install"),
        ("addservice", "Svc_EventLog"),
        ("addreg", "Reg_HW"),
        ("copyfiles", "Files_X86"),
    ]
    assert index.is_device_inf and not index.is_stampinf_source


def test_index_finds_install_sections_on_first_use_and_version_texts_once():
    document = parse_text(INF, "a.inf")
    index = Index(document)
    # Building the index leaves the install sections for the first rule that asks.
    assert "install_sections" not in vars(index)
    assert sorted(index.install_sections) == ["install", "install.ntamd64"]
    assert index.install_sections is index.install_sections
    assert index.version.text("DriverVer") == "06/01/2026"
    assert index.version.text("DriverVer") == "06/01/2026"
    assert index.version.text("CatalogFile") is None
    assert index.version.text("CatalogFile") is None


def test_device_id_span_follows_tokens_and_quotes():
    document = parse_text(INF, "a.inf")
    first, _second, through_token = Index(document).all_device_ids
    assert first.span == (7, 19, 7, 56)
    assert first.span_of(0, 3) == (7, 19, 7, 22)
    assert through_token.span == (9, 19, 9, 25)  # the %HwId% token: the ID has no characters of its own here


def test_part_descriptions_for_hovers():
    part = parse_hardware_id("USB\\VID_045E&PID_0040").part("PID")
    assert (part.value, part.description) == ("0040", "product ID")
