"""Firmware capsule packages: one-change edits of Microsoft's documented capsule sample, each caught
by a finding that names the mistake; the baseline comparison of FW015; TGT005 on capsules only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, diagnostics_for, found

FIRMWARE = FIXTURES / "firmware"
SAMPLE = (FIRMWARE / "capsule.inf").read_text(encoding="utf-8")
GUID = "6bd4efb9-23cc-4b4a-ac37-016517413e9a"
OTHER_GUID = "9ff67b2e-7a23-4d3a-9b1c-58e1d3e1b2a4"

# (name, text replaced, replacement, the code that must report it, words its message must hold)
EDITS = [
    ("class-system", "Class       = Firmware", "Class       = System", "FW001", "Firmware class"),
    (
        "class-guid-of-system",
        "ClassGuid   = {f2e7dd72-6468-4e36-b6f1-6488f42c1b52}",
        "ClassGuid   = {4d36e97d-e325-11ce-bfc1-08002be10318}",
        "FW001",
        "Firmware ClassGuid",
    ),
    ("versioned-id", f"UEFI\\RES_{{{GUID}}}", f"UEFI\\RES_{{{GUID}}}&REV_2", "FW002", "&REV_2"),
    ("id-without-braces", f"UEFI\\RES_{{{GUID}}}", f"UEFI\\RES_{GUID}", "FW002", "braces"),
    ("id-placeholder", f"UEFI\\RES_{{{GUID}}}", "UEFI\\RES_{SYSTEM_FIRMWARE}", "FW002", "not a GUID"),
    ("id-with-extra-part", f"UEFI\\RES_{{{GUID}}}", f"UEFI\\RES_{{{GUID}}}&SYS", "FW002", "not part of"),
    ("firmware-id-of-other-resource", f"FirmwareId,,{{{GUID}}}", f"FirmwareId,,{{{OTHER_GUID}}}", "FW005", OTHER_GUID),
    ("firmware-id-not-a-guid", f"FirmwareId,,{{{GUID}}}", "FirmwareId,,SYSTEM_FIRMWARE", "FW005", "not a GUID"),
    ("firmware-id-without-braces", f"FirmwareId,,{{{GUID}}}", f"FirmwareId,,{GUID}", "FW005", "braces"),
    ("no-destination-dirs", "[DestinationDirs]\nDefaultDestDir = 13\n", "", "FW009", "DIRID 11"),
    ("firmware-id-as-dword", f"FirmwareId,,{{{GUID}}}", f"FirmwareId,%REG_DWORD%,{{{GUID}}}", "FW005", "string"),
    ("version-as-string", "FirmwareVersion,%REG_DWORD%,0x00000002", 'FirmwareVersion,,"2"', "FW006", "REG_DWORD"),
    ("version-zero", "FirmwareVersion,%REG_DWORD%,0x00000002", "FirmwareVersion,%REG_DWORD%,0", "FW006", "is 0"),
    (
        "version-beyond-32-bits",
        "FirmwareVersion,%REG_DWORD%,0x00000002",
        "FirmwareVersion,%REG_DWORD%,0x100000002",
        "FW006",
        "32 bits",
    ),
    (
        "version-not-a-number",
        "FirmwareVersion,%REG_DWORD%,0x00000002",
        "FirmwareVersion,%REG_DWORD%,v2",
        "FW006",
        "not a number",
    ),
    (
        "version-as-multi-sz",
        "FirmwareVersion,%REG_DWORD%,0x00000002",
        "FirmwareVersion,0x00010000,0x00000002",
        "FW006",
        "REG_DWORD",
    ),
    ("no-firmware-id", f"HKR,,FirmwareId,,{{{GUID}}}\n", "", "FW003", "FirmwareId"),
    ("no-firmware-version", "HKR,,FirmwareVersion,%REG_DWORD%,0x00000002\n", "", "FW003", "FirmwareVersion"),
    ("no-firmware-filename", "HKR,,FirmwareFilename,,%13%\\firmware.bin\n", "", "FW003", "FirmwareFilename"),
    (
        "addreg-in-install-section",
        "[Firmware_Install.NT.Hw]\nAddReg",
        "[Firmware_Install.NT]\nAddReg",
        "FW004",
        "software key",
    ),
    ("hw-addreg-names-no-section", "AddReg = Firmware_AddReg", "AddReg = Firmware_Reg", "FW003", "does not exist"),
    (
        "hw-section-undecorated",
        "[Firmware_Install.NT.Hw]",
        "[Firmware_Install.Hw]",
        "FW003",
        "no [Firmware_Install.NT.Hw]",
    ),
    (
        "value-in-subkey",
        f"HKR,,FirmwareId,,{{{GUID}}}",
        f"HKR,Firmware,FirmwareId,,{{{GUID}}}",
        "FW004",
        "HKR\\Firmware",
    ),
    ("value-under-hklm", "HKR,,FirmwareVersion,", "HKLM,,FirmwareVersion,", "FW004", "HKLM"),
    ("filename-of-another-file", "%13%\\firmware.bin", "%13%\\firmware_v2.bin", "FW007", "firmware_v2.bin"),
    ("payload-never-copied", "CopyFiles = Firmware_CopyFiles\n", "", "FW007", "copies no file"),
    ("payload-not-in-source-disks-files", "firmware.bin = 1", "firmware2.bin = 1", "FW008", "SourceDisksFiles"),
    (
        "old-filename-with-driver-store",
        "%13%\\firmware.bin",
        f"{{{GUID}}}\\firmware.bin",
        "FW009",
        "%13%\\firmware.bin",
    ),
    ("payload-in-system32", "DefaultDestDir = 13", "DefaultDestDir = 11", "FW009", "DIRID 11"),
    ("driver-store-without-1803", "NTarm64.10.0...17134", "NTarm64", "FW010", "1803"),
    ("driver-store-before-1803", "NTarm64.10.0...17134", "NTarm64.10.0...16299", "FW010", "1803"),
    (
        "old-windows-firmware-layout",
        "DefaultDestDir = 13",
        f"DefaultDestDir = 10,Firmware\\{{{GUID}}}",
        "FW011",
        "DIRID 10",
    ),
    (
        "second-resource",
        f"Firmware_Install,UEFI\\RES_{{{GUID}}}\n",
        f"Firmware_Install,UEFI\\RES_{{{GUID}}}\n%FirmwareDesc% = Firmware_Install,UEFI\\RES_{{{OTHER_GUID}}}\n",
        "FW012",
        OTHER_GUID,
    ),
    (
        "second-payload",
        "[Firmware_CopyFiles]\nfirmware.bin\n",
        "[Firmware_CopyFiles]\nfirmware.bin\nfirmware_old.bin\n",
        "FW013",
        "firmware_old.bin",
    ),
    (
        "rollback-policy",
        "HKR,,FirmwareFilename,,%13%\\firmware.bin\n",
        "HKR,,FirmwareFilename,,%13%\\firmware.bin\n"
        f"HKLM,SYSTEM\\CurrentControlSet\\Control\\FirmwareResources\\{{{GUID}}},Policy,%REG_DWORD%,1\n",
        "FW014",
        "rolled back",
    ),
    (
        "no-target-computers",
        "[TargetComputers]\n{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}\n",
        "",
        "TGT005",
        "TargetComputers",
    ),
]


def _edited(old: str, new: str) -> str:
    assert SAMPLE.count(old) >= 1, f"the sample does not hold {old!r}"
    return SAMPLE.replace(old, new)


def _check(text: str, select: str | None = None):
    # Bytes, as the file would be on disk: ANSI text, which INF files may be.
    return diagnostics_for(text.encode("ascii"), select, "capsule.inf")


def _new_findings(text: str):
    before = {(d.code, d.message) for d in _check(SAMPLE)}
    return [d for d in _check(text) if (d.code, d.message) not in before]


def test_the_documented_sample_is_clean():
    assert _check(SAMPLE) == []


def test_there_are_enough_distinct_edits():
    assert len(EDITS) >= 26
    assert len({name for name, *_ in EDITS}) == len(EDITS)


@pytest.mark.parametrize(("name", "old", "new", "code", "words"), EDITS, ids=[edit[0] for edit in EDITS])
def test_each_edit_is_caught_by_a_finding_that_names_it(name, old, new, code, words):
    findings = _new_findings(_edited(old, new))
    naming = [d for d in findings if d.code == code and words in d.message]
    assert naming, f"{name}: expected {code} mentioning {words!r}, got {[(d.code, d.message) for d in findings]}"


def test_every_edit_changes_the_sample():
    assert all(_edited(old, new) != SAMPLE for _, old, new, *_ in EDITS)


def test_rollback_policy_is_accepted_when_configured(tmp_path: Path):
    from infcheck.config import load_config
    from infcheck.engine import check_document
    from infcheck.parse import parse_bytes

    text = _edited(*EDITS[[edit[0] for edit in EDITS].index("rollback-policy")][1:3])
    config_file = tmp_path / "infcheck.toml"
    config_file.write_text("[rules.FW014]\nallow-rollback-policy = true\n", encoding="utf-8")
    rules = load_config(config_file).rules_for(None)
    assert [
        d.code for d in check_document(parse_bytes(text.encode("ascii"), "capsule.inf"), rules) if d.code == "FW014"
    ] == []
    assert [d.code for d in _check(text, "FW014")] == ["FW014"]


def _with_baseline(tmp_path: Path, previous: str, current: str):
    from infcheck.engine import RuleSettings, check_document
    from infcheck.parse import parse_bytes
    from infcheck.rules import find_rule

    (tmp_path / "previous.inf").write_text(previous, encoding="utf-8")
    rule = find_rule("FW015")
    assert rule is not None
    settings = [RuleSettings(rule, "error", {"baseline": "previous.inf"})]
    return check_document(parse_bytes(current.encode("ascii"), str(tmp_path / "capsule.inf")), settings)


def test_versions_must_grow_over_the_baseline(tmp_path: Path):
    same = _with_baseline(tmp_path, SAMPLE, SAMPLE)
    assert [(d.span.line, d.span.column, d.code) for d in same] == [(8, 26, "FW015"), (29, 34, "FW015")]
    assert "FirmwareVersion 0x00000002 is not higher" in same[1].message
    assert "DriverVer version 2.0.0.0 is not higher" in same[0].message
    newer = SAMPLE.replace("2.0.0.0", "3.0.0.0").replace("0x00000002", "0x00000003")
    assert _with_baseline(tmp_path, SAMPLE, newer) == []


def test_an_unreadable_baseline_is_one_finding(tmp_path: Path):
    from infcheck.engine import RuleSettings, check_document
    from infcheck.parse import parse_bytes
    from infcheck.rules import find_rule

    rule = find_rule("FW015")
    assert rule is not None
    settings = [RuleSettings(rule, "error", {"baseline": "missing.inf"})]
    findings = check_document(parse_bytes(SAMPLE.encode("ascii"), str(tmp_path / "capsule.inf")), settings)
    assert [(d.span.line, d.span.column, d.code) for d in findings] == [(1, 1, "FW015")]
    assert "cannot be read" in findings[0].message


def test_no_baseline_compares_nothing():
    assert found(SAMPLE.encode("ascii"), "FW015") == []


# Forms Microsoft documents or its capsule generators write, which are not mistakes (the older
# layout is only outdated: one warning).
ACCEPTED = [
    (
        "integrity-file",
        [
            ("[Firmware_CopyFiles]\nfirmware.bin\n", "[Firmware_CopyFiles]\nfirmware.bin\nfirmware.sig\n"),
            ("firmware.bin = 1\n", "firmware.bin = 1\nfirmware.sig = 1\n"),
            ("%13%\\firmware.bin\n", "%13%\\firmware.bin\nHKR,,FirmwareIntegrityFilename,,%13%\\firmware.sig\n"),
        ],
        [],
    ),
    (
        "documented-layout-before-1803",
        [
            ("%13%\\firmware.bin", f"{{{GUID}}}\\firmware.bin"),
            ("DefaultDestDir = 13", f"DefaultDestDir = 10,Firmware\\{{{GUID}}}"),
            ("NTarm64.10.0...17134", "NTarm64"),
        ],
        ["FW011"],
    ),
    (
        "generator-layout-below-windows-firmware",
        [
            ("%13%\\firmware.bin", "firmware.bin"),
            ("DefaultDestDir = 13", "DefaultDestDir = %DIRID_WINDOWS%,Firmware ; %SystemRoot%\\Firmware"),
            ("REG_DWORD    = 0x00010001", "REG_DWORD    = 0x00010001\nDIRID_WINDOWS = 10"),
        ],
        ["FW011"],
    ),
    ("quoted-version", [("0x00000002", '"0x00000002"')], []),
    (
        "list-destination-and-services",
        [
            ("DefaultDestDir = 13", "Firmware_CopyFiles = 13"),
            ("[Firmware_Install.NT.Hw]", "[Firmware_Install.NT.Services]\nAddService = ,2\n\n[Firmware_Install.NT.Hw]"),
        ],
        [],
    ),
]


@pytest.mark.parametrize(("name", "replacements", "codes"), ACCEPTED, ids=[item[0] for item in ACCEPTED])
def test_documented_and_generated_forms_are_accepted(name, replacements, codes):
    text = SAMPLE
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    assert [d.code for d in _new_findings(text)] == codes


def test_firmware_rules_leave_other_packages_alone():
    cfu = (FIXTURES / "rules" / "TGT005" / "pass_cfu_firmware_class.inf").read_text(encoding="utf-8")
    assert [d.code for d in diagnostics_for(cfu.encode("ascii")) if d.code.startswith(("FW", "TGT005"))] == []
