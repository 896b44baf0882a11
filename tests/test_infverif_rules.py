"""The IV rules (InfVerif parity): fixes, the package model they ask, and their findings on the sample corpus."""

from __future__ import annotations

from collections import Counter

from conftest import corpus_files, diagnostics_for, found

from infcheck.config import Config
from infcheck.engine import check_document
from infcheck.fixes import apply_fixes
from infcheck.index import Index
from infcheck.package_model import package_model, parse_number, split_dirid_path
from infcheck.parse import parse_bytes, parse_text
from infcheck.rules import RULES


def test_pnp_lockdown_fix_adds_the_directive_to_version():
    original = '[Version]\r\nSignature = "$Windows NT$" ; comment\r\nClass = Sensor\r\n[Strings]\r\n'
    document = parse_text(original, "a.inf")
    new_text, applied = apply_fixes(document, diagnostics_for(original, "IV1324"))
    assert applied == 1
    assert new_text == (
        '[Version]\r\nSignature = "$Windows NT$" ; comment\r\nClass = Sensor\r\nPnpLockdown = 1\r\n[Strings]\r\n'
    )
    assert found(new_text, "IV1324") == []


def test_pnp_lockdown_fix_on_an_empty_version_section():
    original = b"[Version]\n[Strings]\n"
    new_text, applied = apply_fixes(parse_bytes(original, "a.inf"), diagnostics_for(original, "IV1324"))
    assert (new_text, applied) == ("[Version]\nPnpLockdown = 1\n[Strings]\n", 1)


def test_every_iv_rule_names_the_infverif_code_it_mirrors():
    from importlib import import_module

    from infcheck.rules._catalog import CATALOG

    modules = [import_module(f"infcheck.rules.{row[0]}") for row in CATALOG if row[1].startswith("IV")]
    assert modules
    for module in modules:
        assert (int(module.CODE[2:]),) == module.INFVERIF, module.CODE
        assert f"InfVerif {module.CODE[2:]}" in module.__doc__, module.CODE


def test_numbers_and_dirid_paths():
    assert [parse_number(text) for text in ("2", "0x0002", "0X10", " 12 ", "0x", "x2", "-1", "")] == [
        2,
        2,
        16,
        12,
        None,
        None,
        None,
        None,
    ]
    assert split_dirid_path("%13%\\contoso.sys") == (13, "", "contoso.sys")
    assert split_dirid_path('"%12%\\drivers\\sub\\a b.sys"') == (12, "drivers\\sub", "a b.sys")
    assert split_dirid_path("System32\\drivers\\a.sys") is None


MODEL_INF = """[Version]
Signature = "$Windows NT$"
[Manufacturer]
%M% = M, NTamd64, NTarm64
[M.NTamd64]
%D% = Install, ROOT\\Contoso
[M.NTarm64]
%D% = Install, ROOT\\Contoso
[Install.NTamd64]
CopyFiles = Drivers, @tool.exe
AddReg = Regs, Regs
[Install.NTamd64.Services]
AddService = contoso, 0x00000002, Service
[Install]
CopyFiles = Drivers
[Service]
ServiceBinary = %13%\\contoso.sys
[Drivers]
contoso.sys,contoso_src.sys
[Regs]
HKR,Parameters,Mode,0x00010008,"a"
[DestinationDirs]
DefaultDestDir = 13
Drivers = 12, sub\\dir
[SourceDisksNames.amd64]
1 = %Disk%,,,\\amd64
[SourceDisksFiles.amd64]
contoso_src.sys = 1, sub
[Strings]
M = "Contoso"
D = "Device"
Disk = "Disk"
"""


def test_package_model_reads_install_targets_services_files_and_registry():
    model = package_model(Index(parse_text(MODEL_INF, "model.inf")))
    assert [(t.architecture, t.section_name, t.siblings) for t in model.install_targets] == [
        ("amd64", "Install.NTamd64", {"services": "Install.NTamd64.services"}),
        ("arm64", "Install", {}),
    ]
    [service] = model.add_services
    assert (service.name, service.flags, service.install_section, service.is_associated) == (
        "contoso",
        2,
        "Service",
        True,
    )
    assert model.service_install("service").keys["servicebinary"].line == 17
    assert [(c.destination_name, c.source_name, c.list_section, c.install_section.name) for c in model.file_copies] == [
        ("contoso.sys", "contoso_src.sys", "Drivers", "Install.NTamd64"),
        ("tool.exe", "tool.exe", None, "Install.NTamd64"),
        ("contoso.sys", "contoso_src.sys", "Drivers", "Install"),
    ]
    assert model.destination_for("drivers")[1:] == (12, "sub\\dir")
    assert model.destination_for(None)[1:] == (13, "")
    assert model.source_file("CONTOSO_SRC.SYS", "amd64").disk_id == "1"
    assert model.source_file("contoso_src.sys", "arm64") is None
    assert model.source_disk("1", "amd64").path == "\\amd64"
    [operation] = model.registry_operations
    assert (operation.root, operation.subkey, operation.value_name, operation.flags, operation.is_multi_sz) == (
        "HKR",
        "Parameters",
        "Mode",
        0x00010008,
        True,
    )
    assert model.architectures_of_section(model.document.sections_named("install.ntamd64.services")[0]) == {"amd64"}


def test_package_model_is_built_once_per_index():
    index = Index(parse_text(MODEL_INF, "model.inf"))
    assert package_model(index) is package_model(index)
    assert package_model(Index(parse_text(MODEL_INF, "model.inf"))) is not package_model(index)


# Findings of the IV rules on the 138 .inf and .inx files of the Windows-driver-samples corpus,
# each one read and judged right: the samples use Microsoft's Sample class and names that InfVerif
# only lets pass under its /samples switch, and Microsoft as the provider of a few.
CORPUS_FINDINGS = {
    "IV1144": 2,  # the DCHU component samples install their tool as a Win32 program (SoftwareType = 1)
    "IV1199": 3,  # DIRID 13 copies reachable from NT$ARCH$ / [DefaultInstall.NTAMD64] without build 16299
    "IV1204": 3,  # Microsoft as the provider of its own samples
    "IV1205": 1,  # WFPSampler adds and deletes its class keys through one registry section
    "IV1230": 2,  # osrusbfx2.inx: stray no-break-space lines in a file list read as file names
    "IV1284": 18,  # the Sample class (InfVerif's /samples switch lets it pass)
    "IV1285": 18,  # [ClassInstall32] for the Sample class (likewise)
    "IV1293": 175,  # the samples' own service names, reserved for them (likewise)
    "IV1300": 2,  # co-installer sections in the fakemodem and pscr templates
    "IV1302": 1,  # lsi_u3 deletes the SCSIport values of older miniports with DelReg
    "IV1303": 2,  # the same two templates register the KMDF co-installer through CoInstallers32
    "IV1304": 1,  # SampleDSM writes HKLM\\...\\MPDEV (an error under /u, not reported under /w)
    "IV1305": 1,  # SampleDSM appends to MPIOSupportedDeviceList, which /u and /w reject
    "IV1321": 1,  # ...the same MPDEV value, not isolated to HKR (/w)
    "IV1322": 56,  # file lists copied to System32 (11) or drivers (12): most samples are not /w-isolated
    "IV1323": 60,  # minifilters' downlevel services and netvadapter write HKR outside Parameters (/w)
    "IV1329": 7,  # Upper/LowerFilters through AddReg: InfVerif reports these under /w only
    "IV2084": 3,  # UMDF samples that define the WUDFRd service instead of including wudfrd.inf
    "IV2650": 1,  # fakemodem2um builds the WUDFRd service itself and installs on Windows 11 (17134 and later)
    "IV2660": 38,  # COM classes registered under HKCR by audio, camera and WIA samples (/w)
}


def test_findings_on_the_sample_corpus(corpus):
    codes = {rule.code for rule in RULES if rule.code.startswith("IV")}
    counts: Counter[str] = Counter()
    for path in corpus_files():
        document = parse_bytes(path.read_bytes(), path.name)
        counts.update(diagnostic.code for diagnostic in check_document(document, Config().rules_for(None, codes)))
    assert len(corpus_files()) == 138
    assert dict(counts) == CORPUS_FINDINGS


def test_arch_token_in_a_stamped_inf_is_reported_only_when_asked():
    from infcheck.engine import RuleSettings
    from infcheck.rules import find_rule

    rule = find_rule("IV1274")
    text = b'[Version]\nSignature = "$Windows NT$"\n[Manufacturer]\n%M% = M, NT$ARCH$\n[M.NT$ARCH$]\n'

    def findings(path, stamped):
        document = parse_bytes(text, path)
        settings = [RuleSettings(rule, "error", {"stamped": stamped})]
        return [(d.span.line, d.span.column) for d in check_document(document, settings)]

    assert findings("a.inf", False) == []
    assert findings("a.inf", True) == [(4, 12), (5, 6)]
    assert findings("a.inx", True) == []


# Also quiet on the corpus, each finding read while the rule was written: IV1206, IV1330, IV1331,
# IV1333 (before OS-version alternatives were told apart it wrongly flagged 19 minifilter and NDIS
# services), IV1310-IV1313, IV1319, IV2651, IV1402 and IV1084; and IV1088, IV1201, IV1241,
# IV1257, IV1258, IV1286, IV1401 and IV1431 (IV1431 once flagged the modem samples' binary DeviceType,
# a class value of the driver's software key rather than the device property, and was narrowed to
# DDInstall.HW and ClassInstall32). IV2650 leaves the echo and VirtualSerial2 ComPort samples alone:
# their WUDFRd service serves only Models sections Windows 11 passes over for a 22000 one.
# IV1202, IV1220 and IV2008 are quiet as well: the samples include inbox INF files by name only,
# take their sections with Needs alone and define none of the sections inbox_infs.py lists.

LEVELS_INF = """[Version]
Signature = "$Windows NT$"
[Manufacturer]
%M% = M, NTamd64
[M.NTamd64]
%D% = Install_A, ROOT\\A
%D% = Install_B, ROOT\\B
[Install_A.NTamd64]
AddReg = Reg_A
[Install_B.NTamd64]
AddReg = Reg_B
[Install_A.NTamd64.Wdf]
UmdfService = Contoso, Contoso_Install
[Contoso_Install]
UmdfLibraryVersion = 1.11.0
[Reg_A]
HKLM,Software\\Contoso,Mode,0x00010001,1
[Reg_B]
HKLM,Software\\Contoso,Mode,0x00010001,2
[Strings]
M = "Contoso"
D = "Device"
"""


def test_conflict_and_umdf_rules_follow_the_profile_levels():
    document = parse_text(LEVELS_INF, "levels.inf")

    def levels(profile):
        settings = Config().rules_for(None, {"IV1331", "IV1402"}, profile=profile)
        return sorted((d.code, d.severity, d.span.line) for d in check_document(document, settings))

    assert levels("declarative") == [("IV1331", "warning", 19)]
    assert levels("universal") == [("IV1331", "error", 19)]
    assert levels("windows-driver") == [("IV1331", "error", 19), ("IV1402", "error", 15)]
    assert levels("default") == [("IV1331", "warning", 19)]


ISOLATION_INF = """[Version]
Signature = "$Windows NT$"
[Manufacturer]
Contoso = Models, NTamd64
[Models.NTamd64]
Device = Install, ROOT\\\\Contoso
[Install.NTamd64]
CopyFiles = Drivers, Fonts
AddReg = Install_AddReg
[Install.NTamd64.Services]
AddService = contoso, 2, Service_Install
[Service_Install]
ServiceType = 1
AddReg = Service_AddReg
[Service_AddReg]
HKR,,Level,0x00010001,2
[Install_AddReg]
HKLM,Software\\\\Contoso,Mode,0x00010001,1
HKCR,CLSID\\\\{6A2D0F3B-35B1-4C63-9B0E-0C6C3C8B1A11}
[DefaultInstall.NTamd64]
DelReg = Service_AddReg
[Drivers]
contoso.sys
[Fonts]
contoso.ttf
[DestinationDirs]
Drivers = 12
Fonts = 20
[Orphan]
"""

ISOLATION_CODES = {"IV1304", "IV1309", "IV1320", "IV1321", "IV1322", "IV1323", "IV1340", "IV1341", "IV2083", "IV2660"}


def test_isolation_rules_follow_the_profile_levels_and_whql_exceptions():
    document = parse_text(ISOLATION_INF, "isolation.inf")

    def levels(profile):
        settings = Config().rules_for(None, ISOLATION_CODES, profile=profile)
        return sorted((d.span.line, d.code, d.severity) for d in check_document(document, settings))

    assert levels("declarative") == [
        (18, "IV1304", "warning"),
        (21, "IV1309", "warning"),
        (29, "IV2083", "warning"),
    ]
    assert levels("universal") == [(18, "IV1304", "error"), (21, "IV1309", "error"), (29, "IV2083", "warning")]
    # Without a mode switch the universal (13xx) errors come out as warnings.
    assert levels("default") == [(18, "IV1304", "warning"), (21, "IV1309", "warning"), (29, "IV2083", "warning")]
    assert levels("windows-driver") == [
        (16, "IV1323", "error"),
        (18, "IV1321", "error"),
        (19, "IV2660", "error"),
        (21, "IV1309", "error"),
        (22, "IV1322", "error"),
        (24, "IV1322", "error"),
        (29, "IV2083", "warning"),
    ]
    # /h still allows HKLM, HKCR and DIRID 12; DIRID 20 is named on its [DestinationDirs] line.
    assert levels("whql") == [
        (16, "IV1323", "error"),
        (21, "IV1309", "error"),
        (28, "IV1340", "error"),
        (29, "IV2083", "warning"),
    ]


def test_package_reach_answers_used_sections_device_sections_and_service_registry():
    from infcheck.package_reach import device_install_sections, service_registry_writes, used_sections

    text = MODEL_INF + "[Service_AddReg]\nHKR,,Start,0x00010001,3\n[Orphan]\n[Install.NTamd64.Remove.Services]\n"
    text = text.replace(
        "ServiceBinary = %13%\\contoso.sys\n", "ServiceBinary = %13%\\contoso.sys\nAddReg = Service_AddReg\n"
    )
    model = package_model(Index(parse_text(text, "model.inf")))
    used = used_sections(model)
    assert {"version", "manufacturer", "m.ntamd64", "m.ntarm64", "install", "install.ntamd64", "service"} <= used
    assert {"drivers", "regs", "service_addreg", "install.ntamd64.remove.services"} <= used
    assert "orphan" not in used
    assert device_install_sections(model) == {"install.ntamd64", "install.ntamd64.services", "install"}
    [write] = service_registry_writes(model)
    assert (write.service_section.name, write.operation.value_name, write.operation.entry.line) == (
        "Service",
        "Start",
        35,
    )


def test_copies_outside_the_windows_folder_follow_the_profile_levels():
    text = '[Version]\nSignature = "$Windows NT$"\n[Install.NT]\nCopyFiles = Tools\n[Tools]\ntool.exe\n'
    document = parse_text(text + "[DestinationDirs]\nTools = 16422\n", "tools.inf")

    def levels(profile):
        settings = Config().rules_for(None, {"IV1306"}, profile=profile)
        return [(d.span.line, d.severity) for d in check_document(document, settings)]

    assert levels("declarative") == [(6, "warning")]
    assert levels("universal") == [(6, "error")]
    assert levels("windows-driver") == []  # /w reports it as 1322, a copy outside the driver store


DISPLAY_INF = """[Version]
Signature = "$Windows NT$"
Class = Display
LayoutFile = layout.inf
[Manufacturer]
Contoso = Models, NTamd64
[Models.NTamd64]
Adapter = Install, PCI\\\\VEN_1234&DEV_5678
[Install.NTamd64.Services]
AddService = contoso, 2, Service_Install
[Service_Install]
StartType = 2
"""


def test_display_rules_follow_the_profile_levels():
    document = parse_text(DISPLAY_INF, "display.inf")

    def levels(profile):
        settings = Config().rules_for(None, {"IV2602", "IV2603"}, profile=profile)
        return sorted((d.code, d.severity, d.span.line) for d in check_document(document, settings))

    assert levels("declarative") == [("IV2602", "error", 12), ("IV2603", "warning", 4)]
    assert levels("universal") == [("IV2602", "error", 12), ("IV2603", "error", 4)]
    assert levels("windows-driver") == [("IV2602", "error", 12), ("IV2603", "error", 4)]


def test_net_driver_rules_read_only_the_sections_the_components_name():
    text = """[Version]
Signature = "$Windows NT$"
Class = NetDriver
[DefaultInstall.NetDrivers]
AddNetFilter = contoso_filter, %FilterSection%
[Contoso_Filter]
FilterType = 2
FilterClass = Bad-Class
UpperRange = NoUpper
NetCfgInstanceId = {not-a-guid}
Service = missing
[Other_Section]
FilterType = 2
FilterClass = Bad-Class
[Strings]
FilterSection = "Contoso_Filter"
"""
    codes = {"IV2402", "IV2403", "IV2411", "IV2414", "IV2416", "IV2418", "IV2501"}
    settings = Config().rules_for(None, codes, profile="windows-driver")
    found_lines = sorted((d.code, d.span.line) for d in check_document(parse_text(text, "net.inf"), settings))
    assert found_lines == [("IV2411", 10), ("IV2414", 8), ("IV2416", 9), ("IV2501", 11)]
    # The same INF outside the NetDriver class is not read as a declarative network INF at all.
    legacy = parse_text(text.replace("Class = NetDriver", "Class = NetService"), "legacy.inf")
    assert list(check_document(legacy, settings)) == []
