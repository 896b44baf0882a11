"""CHIDs against published vectors, real captures, and the missing/empty/trimming rules."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest
from conftest import FIXTURES

from infcheck.publish.chid import NAMESPACE, Smbios, compute_chids, hash_name, parse_byte
from infcheck.publish.smbios_sources import CaptureError, parse_capture, read_dmi

# Genuine ComputerHardwareIds.exe output (reference section 7.4 (b)); the tool printed no
# baseboard values, so only the ten CHIDs it listed are compared, by field combination.
DESKTOP = Smbios(
    manufacturer="To be filled by O.E.M.",
    family="To be filled by O.E.M.",
    product_name="To be filled by O.E.M.",
    sku="SKU",
    bios_vendor="American Megatrends Inc.",
    bios_version="1201",
    bios_major=4,
    bios_minor=6,
    enclosure_type=3,
)
DESKTOP_CHIDS = {
    0: "a8670b03-1d98-5e95-ad4e-c64211eac9df",
    1: "01c6b2a2-a2b2-58e4-906d-4677639f1a42",
    2: "dc5af3fe-c2de-539d-aafd-5061a1634723",
    4: "d78b474d-dee0-5412-bc9d-e9f7d7783df2",
    5: "7ccbb6f1-9641-5f84-b00d-51ff218a4066",
    7: "5a127cba-be28-5d3b-84f0-0e450d266d97",
    9: "6525c6e5-28e9-5f9c-abe4-20fd82504002",
    11: "6525c6e5-28e9-5f9c-abe4-20fd82504002",
    12: "482f3f58-6045-593a-9be4-611717ce4770",
    14: "11b4a036-3b64-5421-a372-22c07df10a4d",
}

# Lenovo ThinkPad T440s (reference section 7.4 (c)).
T440S = Smbios(
    manufacturer="LENOVO",
    family="ThinkPad T440s",
    product_name="20ARS19C0C",
    sku="LENOVO_MT_20AR_BU_Think_FM_ThinkPad T440s",
    bios_vendor="LENOVO",
    bios_version="GJET75WW (2.25 )",
    bios_major=2,
    bios_minor=25,
    enclosure_type=10,
    baseboard_manufacturer="LENOVO",
    baseboard_product="20ARS19C0C",
)
T440S_CHIDS = [
    (
        "147efce9-f201-5fc8-ab0c-c859751c3440",
        "LENOVO&ThinkPad T440s&20ARS19C0C&LENOVO_MT_20AR_BU_Think_FM_ThinkPad T440s&LENOVO&GJET75WW (2.25 )&02&19",
    ),
    ("b7cceb67-774c-537e-bf8b-22c6107e9a74", "LENOVO&ThinkPad T440s&20ARS19C0C&LENOVO&GJET75WW (2.25 )&02&19"),
    ("f5ff077f-3eeb-5bae-be1c-e98ffe8ce5f8", "LENOVO&20ARS19C0C&LENOVO&GJET75WW (2.25 )&02&19"),
    (
        "3faec92a-3ae3-5744-be88-495e90a7d541",
        "LENOVO&ThinkPad T440s&20ARS19C0C&LENOVO_MT_20AR_BU_Think_FM_ThinkPad T440s&LENOVO&20ARS19C0C",
    ),
    (
        "660ccba8-1b78-5a33-80e6-9fb8354ee873",
        "LENOVO&ThinkPad T440s&20ARS19C0C&LENOVO_MT_20AR_BU_Think_FM_ThinkPad T440s",
    ),
    ("8dc9b7c5-f5d5-5850-9ab3-bd6f0549d814", "LENOVO&ThinkPad T440s&20ARS19C0C"),
    ("178cd22d-ad9f-562d-ae0a-34009822cdbe", "LENOVO&LENOVO_MT_20AR_BU_Think_FM_ThinkPad T440s&LENOVO&20ARS19C0C"),
    ("da1da9b6-62f5-5f22-8aaa-14db7eeda2a4", "LENOVO&LENOVO_MT_20AR_BU_Think_FM_ThinkPad T440s"),
    ("059eb22d-6dc7-59af-abd3-94bbe017f67c", "LENOVO&20ARS19C0C&LENOVO&20ARS19C0C"),
    ("0cf8618d-9eff-537c-9f35-46861406eb9c", "LENOVO&20ARS19C0C"),
    ("f4275c1f-6130-5191-845c-3426247eb6a1", "LENOVO&ThinkPad T440s&LENOVO&20ARS19C0C"),
    ("db73af4c-4612-50f7-b8a7-787cf4871847", "LENOVO&ThinkPad T440s"),
    ("e093d715-70f7-51f4-b6c8-b4a7e31def85", "LENOVO&a"),
    ("f8e1de5f-b68c-5f52-9d1a-f1ba52f1f773", "LENOVO&LENOVO&20ARS19C0C"),
    ("6de5d951-d755-576b-bd09-c5cf66b27234", "LENOVO"),
]


def test_raw_namespace_hash_vector():
    # Reference 7.4 (a): the bytes of "hello world!" and a NUL, hashed as they are.
    import hashlib

    digest = hashlib.sha1(NAMESPACE.bytes + b"hello world!\x00").digest()
    assert str(uuid.UUID(bytes=digest[:16], version=5)) == "6836cfac-f77a-527f-b375-4f92f01449c5"


def test_computerhardwareids_exe_output_reproduces():
    chids = compute_chids(DESKTOP)
    for index, expected in DESKTOP_CHIDS.items():
        assert str(chids[index].guid) == expected, chids[index].name


def test_thinkpad_t440s_vectors():
    chids = compute_chids(T440S)
    assert [(str(chid.guid), chid.joined) for chid in chids] == T440S_CHIDS
    assert [chid.name for chid in chids] == [f"HardwareID-{index}" for index in range(15)]


def test_missing_fields_suppress_chids_but_empty_fields_are_hashed():
    without_sku = compute_chids(Smbios(manufacturer="LENOVO", family="F", product_name="P"))
    produced = {chid.index for chid in without_sku if chid.guid is not None}
    assert produced == {5, 9, 11, 14}
    assert without_sku[0].missing == ("sku", "bios_vendor", "bios_version", "bios_major", "bios_minor")
    empty_sku = compute_chids(Smbios(manufacturer="LENOVO", sku=""))
    assert empty_sku[7].joined == "LENOVO&" and empty_sku[7].guid == hash_name("LENOVO&")


def test_strings_are_trimmed_but_never_case_folded():
    padded = compute_chids(Smbios(manufacturer="  LENOVO \t"))[14]
    assert str(padded.guid) == "6de5d951-d755-576b-bd09-c5cf66b27234"
    assert compute_chids(Smbios(manufacturer="lenovo"))[14].guid != padded.guid
    dotted = {compute_chids(Smbios(manufacturer=name))[14].guid for name in ("I", "ı", "İ", "i")}
    assert len(dotted) == 4


def test_number_formats():
    assert compute_chids(Smbios(manufacturer="M", enclosure_type=0x1F))[12].joined == "M&1f"
    chid = compute_chids(
        Smbios(manufacturer="M", product_name="P", bios_vendor="V", bios_version="1", bios_major=5, bios_minor=32)
    )[2]
    assert chid.joined == "M&P&V&1&05&20"
    assert parse_byte("0x0A") == 10 and parse_byte("10") == 10 and parse_byte(" ") == ""
    assert compute_chids(Smbios(manufacturer="M", enclosure_type=""))[12].joined == "M&"
    for bad in ("256", "-1", "ten", "0xZZ"):
        with pytest.raises(ValueError):
            parse_byte(bad)
    with pytest.raises(ValueError):
        Smbios(bios_major=300)


def _capture_guids(text: str) -> list[str | None]:
    """HardwareID-0..14 as fwupd printed them; ``None`` where it printed why one is not available."""
    lines = text.split("Hardware IDs\n", 1)[1].splitlines()
    lines = [line for line in lines if not line.startswith("---")][:15]
    return [line.split("}")[0].lstrip("{") if line.startswith("{") else None for line in lines]


CAPTURES = sorted((FIXTURES / "chid").glob("fwupd-*.txt"))


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda path: path.stem)
def test_fwupdtool_captures_reproduce(capture):
    text = capture.read_text(encoding="utf-8")
    expected = _capture_guids(text)
    produced = [str(chid.guid) if chid.guid is not None else None for chid in compute_chids(parse_capture(text))]
    assert produced == expected


def test_captures_cover_missing_and_empty_fields():
    texts = {path.stem: path.read_text(encoding="utf-8") for path in CAPTURES}
    assert len(texts) >= 10
    assert "EnclosureKind:\n" in texts["fwupd-spacemit-k3-pico-itx"]
    assert None in _capture_guids(texts["fwupd-glymur-crd"])


def test_computerhardwareids_capture_is_read():
    text = (
        "Using the BIOS to gather information\n\nComputer Information\n--------------------\n\n"
        "BIOS Vendor: American Megatrends Inc.\nBIOS Version string: 1201\nSystem BIOS Major Release: 4\n"
        "System BIOS Minor Release: 6\n\nSystem Manufacturer: To be filled by O.E.M.\n"
        "System Family: To be filled by O.E.M.\nSystem ProductName: To be filled by O.E.M.\nSKU Number: SKU\n\n"
        'Enclosure Type: 03 "Desktop"\n\n\nHardware IDs\n------------\n'
    )
    assert parse_capture(text) == DESKTOP


def test_capture_without_values_is_rejected():
    with pytest.raises(CaptureError):
        parse_capture("nothing to see here\n")


def test_dmi_folder(tmp_path):
    files = {
        "sys_vendor": "LENOVO\n",
        "product_family": "ThinkPad T440s\n",
        "product_name": "20ARS19C0C\n",
        "product_sku": "LENOVO_MT_20AR_BU_Think_FM_ThinkPad T440s\n",
        "bios_vendor": "LENOVO\n",
        "bios_version": "GJET75WW (2.25 )\n",
        "bios_release": "2.25\n",
        "chassis_type": "10\n",
        "board_vendor": "LENOVO\n",
        "board_name": "20ARS19C0C\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    assert read_dmi(tmp_path) == T440S


def test_chid_command_json_contract():
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "chid", "--manufacturer", "LENOVO", "--family", "ThinkPad T440s", "--json"],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    produced = json.loads(result.stdout)
    assert list(produced) == [f"HardwareID-{index}" for index in range(15)]
    assert produced["HardwareID-14"] == "{6de5d951-d755-576b-bd09-c5cf66b27234}"
    assert produced["HardwareID-11"] == "{db73af4c-4612-50f7-b8a7-787cf4871847}"
    assert [key for key, value in produced.items() if value is not None] == ["HardwareID-11", "HardwareID-14"]


def test_chid_command_text_lists_fields_and_reads_captures():
    capture = FIXTURES / "chid" / "fwupd-lenovo-thinkpad-x13s.txt"
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "chid", "--from-file", str(capture)], capture_output=True, timeout=60
    )
    text = result.stdout.decode()
    assert "HardwareID-12  {e093d715-70f7-51f4-b6c8-b4a7e31def85}    <- Manufacturer + Enclosure Type" in text
    assert "Enclosure Type: 10" in text
