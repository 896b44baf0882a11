"""The real command line, run as a subprocess: output formats, exit status, files, fixes."""

from __future__ import annotations

import codecs
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPOSITORY

from infcheck.rules import RULES

DEMO = FIXTURES / "demo"
CLEAN = DEMO / "contoso_sensor.inf"
AUDIO = DEMO / "fabrikam_audio.inf"
JSON_KEYS = ["path", "line", "column", "end_line", "end_column", "code", "name", "severity", "message"]


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infcheck", *args], cwd=cwd, input=stdin, capture_output=True, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2
    message = result.stderr.decode()
    assert "Traceback" not in message
    assert len(message.strip().splitlines()) == 1, message
    return message


def test_clean_file_exits_zero():
    result = run("check", str(CLEAN))
    assert result.returncode == 0, result.stdout
    assert result.stdout == b""
    assert b"No problems found in 1 file." in result.stderr


def test_text_format_and_exit_one(tmp_path):
    shutil.copy(AUDIO, tmp_path / "audio.inf")
    result = run("check", "audio.inf", "--select", "PUB004", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == [
        "audio.inf:15:32: PUB004 [error] hardware ID 'HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889' names only vendor "
        "and device; add SUBSYS_ (or REV_) so it matches this product only"
    ]


def test_json_contract():
    result = run("check", str(DEMO), "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    assert rows and all(list(row) == JSON_KEYS for row in rows)
    assert rows == sorted(rows, key=lambda row: (row["path"], row["line"], row["column"], row["code"]))
    assert {row["severity"] for row in rows} <= {"error", "warning", "info"}
    first = next(row for row in rows if row["code"] == "PUB004")
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (15, 32, 15, 65)
    assert first["name"] == "two-part-hwid"


def test_warnings_alone_exit_zero(tmp_path):
    inf = tmp_path / "w.inf"
    # With a [Strings] section Windows opens the file and ignores the stray text: a warning only.
    inf.write_text('stray text\n[Version]\nSignature = "$Windows NT$"\nCatalogFile = a.cat\n[Strings]\n')
    result = run("check", str(inf), "--format", "json")
    assert result.returncode == 0
    assert [row["code"] for row in json.loads(result.stdout)] == ["INF003"]


def test_sarif_log_has_what_github_code_scanning_requires():
    result = run("check", str(DEMO), "--format", "sarif")
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "infcheck"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            assert rule[key]["text"], (rule["id"], key)
        assert len(rule["shortDescription"]["text"]) <= 1024 and len(rule["fullDescription"]["text"]) <= 1024
    assert run_["results"]
    for item in run_["results"]:
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
        assert item["level"] in ("error", "warning", "note") and item["message"]["text"]
        location = item["locations"][0]["physicalLocation"]
        assert (
            location["artifactLocation"]["uri"].startswith("tests/fixtures/demo/")
            or "fixtures/demo" in location["artifactLocation"]["uri"]
        )
        region = location["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1 and region["endLine"] >= region["startLine"]


def test_github_annotations(tmp_path):
    shutil.copy(AUDIO, tmp_path / "audio.inf")
    result = run("check", "audio.inf", "--select", "PUB004", "--format", "github", cwd=tmp_path)
    assert result.stdout.decode() == (
        "::error file=audio.inf,line=15,endLine=15,col=32,endColumn=65,title=PUB004 two-part-hwid::"
        "PUB004 hardware ID 'HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889' names only vendor and device; "
        "add SUBSYS_ (or REV_) so it matches this product only\n"
    )


def test_msbuild_canonical_errors(tmp_path):
    shutil.copy(AUDIO, tmp_path / "audio.inf")
    result = run("check", "audio.inf", "--select", "PUB004", "--format", "msbuild", cwd=tmp_path)
    assert result.stdout.decode() == (
        "audio.inf(15,32,15,65): error PUB004: hardware ID 'HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889' names only vendor "
        "and device; add SUBSYS_ (or REV_) so it matches this product only\n"
    )


def test_folders_are_searched_for_inf_and_inx_in_any_case(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "UPPER.INF").write_text("[Strings]\n")
    (tmp_path / "a" / "b" / "template.InX").write_text("[Strings]\n")
    (tmp_path / "a" / "notes.txt").write_text("[Strings]\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.inf").write_text("[Strings]\n")
    result = run("check", ".", "--select", "INF101", "--format", "json", cwd=tmp_path)
    assert sorted(row["path"] for row in json.loads(result.stdout)) == ["a/UPPER.INF", "a/b/template.InX"]


def test_standard_input_with_a_name(tmp_path):
    result = run(
        "check", "-", "--stdin-filename", "drivers/x.inf", "--format", "json", cwd=tmp_path, stdin=b"[Strings]\n"
    )
    assert [(row["path"], row["code"]) for row in json.loads(result.stdout)] == [("drivers/x.inf", "INF101")]


def test_output_file(tmp_path):
    report = tmp_path / "report.json"
    result = run("check", str(AUDIO), "--format", "json", "--output", str(report))
    assert result.returncode == 1 and result.stdout == b""
    assert json.loads(report.read_text())


def test_select_and_ignore_prefixes():
    result = run("check", str(DEMO), "--select", "PUB,TGT", "--ignore", "PUB00", "--format", "json")
    codes = {row["code"] for row in json.loads(result.stdout)}
    assert codes and all(code.startswith(("PUB01", "TGT")) for code in codes)


@pytest.mark.parametrize(
    "arguments",
    [
        ("check", "no/such/file.inf"),
        ("check", str(CLEAN), "--select", "NOPE1"),
        ("check", str(CLEAN), "--config", "missing.toml"),
        ("rule", "XYZ123"),
        ("simulate", "missing.toml"),
        ("chid", "--bios-major", "300", "--manufacturer", "X"),
    ],
)
def test_usage_and_io_errors_are_one_line_with_status_two(arguments):
    assert_one_line_error(run(*arguments))


def test_bad_configuration_file_is_status_two(tmp_path):
    (tmp_path / "infcheck.toml").write_text('select = ["PUB"]\nbogus = 1\n')
    shutil.copy(CLEAN, tmp_path / "a.inf")
    message = assert_one_line_error(run("check", "a.inf", cwd=tmp_path))
    assert "bogus" in message


def test_binary_and_empty_files_do_not_crash(tmp_path):
    (tmp_path / "binary.inf").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "empty.inf").write_bytes(b"")
    result = run("check", ".", "--format", "json", cwd=tmp_path)
    rows = json.loads(result.stdout)
    assert [(row["path"], row["code"]) for row in rows] == [("binary.inf", "INF002"), ("empty.inf", "INF101")]
    assert b"Traceback" not in result.stderr


@pytest.mark.slow
def test_huge_file_is_checked(tmp_path):
    body = "".join(f"HKR,,Value{i},0x00010001,{i}\n" for i in range(200_000))
    (tmp_path / "huge.inf").write_text('[Version]\nSignature = "$Windows NT$"\nCatalogFile = a.cat\n[Reg]\n' + body)
    result = run("check", "huge.inf", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_fix_keeps_encoding_bom_and_newlines(tmp_path):
    text = '[Version]\r\nSignature = "$Windows NT$"\r\nCatalogFile = a.cat\r\n[TargetComputers]\r\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881\r\n[Install]\r\nFeatureScore = xF6\r\n; Gerät\r\n'
    inf = tmp_path / "fw.inf"
    inf.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    diff = run("check", "fw.inf", "--diff", "--select", "TGT", cwd=tmp_path)
    assert diff.returncode == 1
    assert "+{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}" in diff.stdout.decode()
    assert inf.read_bytes().startswith(codecs.BOM_UTF16_LE + "[Version]".encode("utf-16-le"))
    result = run("check", "fw.inf", "--fix", "--select", "TGT001,TGT006", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    fixed = text.replace(
        "\r\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881", "\r\n{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"
    ).replace("xF6", "0xF6")
    assert inf.read_bytes() == codecs.BOM_UTF16_LE + fixed.encode("utf-16-le")


def test_rules_listing_and_documentation():
    listing = run("rules").stdout.decode()
    for rule in RULES:
        assert rule.code in listing and rule.name in listing
    assert listing.index("PUB:") < listing.index("PUB001") < listing.index("TGT:")
    doc = run("rule", "PUB004").stdout.decode()
    assert doc.startswith("PUB004 two-part-hwid (default level: error)")
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert heading in doc
    assert run("rule", "two-part-hwid").stdout.decode() == doc


def test_console_script_is_installed():
    executable = shutil.which("infcheck", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.skip("infcheck is not installed as a console script in this environment")
    result = subprocess.run([executable, "--version"], capture_output=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith(b"infcheck ")


@pytest.mark.parametrize("text", ["[tool]\ninfcheck = 5\n", "tool = 1\n"])
def test_pyproject_with_a_malformed_tool_table_is_status_two(tmp_path, text):
    (tmp_path / "pyproject.toml").write_text(text + "# tool.infcheck\n")
    shutil.copy(CLEAN, tmp_path / "a.inf")
    assert_one_line_error(run("check", "a.inf", cwd=tmp_path))
    assert_one_line_error(run("check", "a.inf", "--config", "pyproject.toml", cwd=tmp_path))


def test_an_empty_select_in_configuration_or_on_the_command_line_is_an_error(tmp_path):
    # A selection of no rule would check nothing and report success (tests/test_security_config.py has more).
    (tmp_path / "infcheck.toml").write_text("select = []\n")
    (tmp_path / "a.inf").write_text("no version here\n")
    assert_one_line_error(run("check", "a.inf", "--format", "json", cwd=tmp_path))
    assert_one_line_error(run("check", "a.inf", "--select", ",", cwd=tmp_path))


def test_diff_cannot_be_mixed_with_a_machine_format():
    assert_one_line_error(run("check", str(DEMO), "--diff", "--format", "json"))


def test_fixing_standard_input_always_echoes_the_content(tmp_path):
    bare = b'[Version]\nSignature = "$Windows NT$"\nCatalogFile = a.cat\n[TargetComputers]\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881\n'
    fixed = run("check", "-", "--fix", "--select", "TGT001", stdin=bare)
    assert fixed.stdout == bare.replace(
        b"\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881", b"\n{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}"
    )
    untouched = run("check", "-", "--fix", "--select", "INF101", stdin=bare)
    assert untouched.stdout == bare


def test_fixes_are_not_written_into_a_file_with_undecodable_bytes(tmp_path):
    data = (
        codecs.BOM_UTF16_LE
        + "[TargetComputers]\r\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881\r\n".encode("utf-16-le")
        + b"\x00\xd8"
    )
    inf = tmp_path / "damaged.inf"
    inf.write_bytes(data)
    result = run("check", "damaged.inf", "--fix", "--select", "TGT001,INF002", "--format", "json", cwd=tmp_path)
    assert inf.read_bytes() == data
    assert {row["code"] for row in json.loads(result.stdout)} == {"TGT001", "INF002"}


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_fixing_through_a_symbolic_link_rewrites_its_target(tmp_path):
    target = tmp_path / "real.inf"
    target.write_bytes(b"[TargetComputers]\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881\n")
    (tmp_path / "link.inf").symlink_to(target)
    run("check", "link.inf", "--fix", "--select", "TGT001", cwd=tmp_path)
    assert (tmp_path / "link.inf").is_symlink()
    assert b"{c4159f74" in target.read_bytes()


def test_sarif_region_of_a_multi_line_diagnostic(tmp_path):
    (tmp_path / "m.inf").write_text('         x = \\\n y\n[Version]\nSignature = "$Windows NT$"\nCatalogFile = a.cat\n')
    log = json.loads(run("check", "m.inf", "--format", "sarif", cwd=tmp_path).stdout)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (1, 10, 2, 3)


# -- what a new user runs into (issue 13) -------------------------------------------------------


def test_diff_exit_status_says_whether_errors_remain_in_the_files_as_they_are(tmp_path):
    # fabrikam_audio.inf has errors no fix touches: nothing is written, so they remain.
    shutil.copy(AUDIO, tmp_path / "audio.inf")
    assert run("check", "--diff", "audio.inf", cwd=tmp_path).returncode == 1
    assert run("check", "--diff", str(CLEAN)).returncode == 0


def test_stdin_filename_alone_checks_standard_input(tmp_path):
    result = run("check", "--stdin-filename", "named.inf", "--select", "PUB011", cwd=tmp_path, stdin=AUDIO.read_bytes())
    assert result.returncode == 1
    assert result.stdout.decode().splitlines()[0].startswith("named.inf:12:46: PUB011 ")


def test_stdin_filename_with_a_path_is_a_usage_error():
    message = assert_one_line_error(run("check", "--stdin-filename", "x.inf", str(CLEAN)))
    assert message == "infcheck: --stdin-filename names standard input; give - as the only PATH (or no PATH)\n"


def test_a_file_that_is_not_an_inf_or_plan_is_refused_by_name(tmp_path):
    (tmp_path / "README.md").write_text("# not an INF\n")
    message = assert_one_line_error(run("check", "README.md", cwd=tmp_path))
    assert message.startswith("infcheck: README.md: not an INF, INX or publishing-plan file")


def test_a_folder_without_inf_files_warns_and_passes(tmp_path):
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.decode().splitlines() == ["infcheck: warning: no INF, INX or plan files found in ."]


def test_a_mistyped_option_shows_the_usage_of_its_command():
    result = run("check", "--selct", "PUB004")
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith("usage: infcheck check ")
    assert lines[-1] == "infcheck check: error: unrecognized arguments: --selct"


def test_chid_from_an_empty_dmi_folder_names_the_folder(tmp_path):
    (tmp_path / "dmi").mkdir()
    message = assert_one_line_error(run("chid", "--from-dmi", "dmi", cwd=tmp_path))
    assert message == "infcheck: dmi: no SMBIOS values found there (expected files such as sys_vendor)\n"


def test_a_cd_autorun_file_is_skipped_saying_so(tmp_path):
    (tmp_path / "disc").mkdir()
    (tmp_path / "disc" / "AUTORUN.INF").write_bytes(b"[AutoRun]\r\nopen=setup.exe\r\nicon=setup.exe,0\r\n")
    (tmp_path / "driver").mkdir()
    (tmp_path / "driver" / "autorun.inf").write_bytes(b"[Version]\r\nSignature = x\r\n[AutoRun]\r\n")
    result = run("check", "--select", "INF", cwd=tmp_path)
    output = result.stdout.decode()
    assert "AUTORUN.INF" not in output
    assert "driver/autorun.inf:2:" in output  # an INF with [Version] is a driver INF, whatever its name
    assert result.stderr.decode().splitlines()[0] == (
        "infcheck: note: disc/AUTORUN.INF: a CD AutoRun file, not a driver INF; not checked"
    )
    alone = run("check", "disc", cwd=tmp_path)
    assert alone.returncode == 0
    assert alone.stderr.decode().splitlines() == [
        "infcheck: note: disc/AUTORUN.INF: a CD AutoRun file, not a driver INF; not checked"
    ]


def test_unsafe_fixes_is_gone_since_every_fix_is_safe(tmp_path):
    result = run("check", "--fix", "--unsafe-fixes", str(CLEAN))
    assert result.returncode == 2
    assert "unrecognized arguments: --unsafe-fixes" in result.stderr.decode()
    assert "--unsafe-fixes" not in (REPOSITORY / "README.md").read_text(encoding="utf-8")


def test_a_config_file_named_on_the_command_line_may_hold_tool_infcheck(tmp_path):
    (tmp_path / "other.toml").write_text('[tool.infcheck]\nselect = ["PUB011"]\n')
    result = run("check", "--config", "other.toml", str(AUDIO), cwd=tmp_path)
    codes = {line.split()[1] for line in result.stdout.decode().splitlines()}
    assert codes == {"PUB011"}


def test_a_config_error_separates_the_file_name_from_the_key_path(tmp_path):
    (tmp_path / "infcheck.toml").write_text('[rules.PUB004]\nseverity = "loud"\n')
    (tmp_path / "a.inf").write_bytes(CLEAN.read_bytes())
    message = assert_one_line_error(run("check", "a.inf", cwd=tmp_path))
    assert message.startswith(f"infcheck: {tmp_path / 'infcheck.toml'}: rules.PUB004.severity must be one of ")


def test_the_dotted_config_file_wins_over_the_plain_one_in_the_same_folder(tmp_path):
    (tmp_path / ".infcheck.toml").write_text('select = ["PUB011"]\n')
    (tmp_path / "infcheck.toml").write_text('select = ["PUB004"]\n')
    shutil.copy(AUDIO, tmp_path / "audio.inf")
    result = run("check", "audio.inf", cwd=tmp_path)
    assert {line.split()[1] for line in result.stdout.decode().splitlines()} == {"PUB011"}


def test_msbuild_writes_warnings_as_warnings_and_info_as_a_plain_message():
    from infcheck.diagnostics import Diagnostic
    from infcheck.document import Span
    from infcheck.output.msbuild import render

    findings = [
        Diagnostic("IV1324", "missing-pnp-lockdown", "warning", "add it", Span(2, 2, 2, 9), path="C:\\drv\\a.inf"),
        Diagnostic("INF999", "some-note", "info", "two\nlines", Span(7, 1, 8, 3), path="C:\\drv\\a.inf"),
    ]
    assert render(findings) == (
        "C:\\drv\\a.inf(2,2,2,9): warning IV1324: add it\nC:\\drv\\a.inf(7,1,8,3): info INF999: two\\nlines\n"
    )
