"""SECURITY.md, "Reports": what a repository holds cannot forge, hide or break a report.

File names and quoted file content reach every output format; control
characters are escaped in human formats and JSON strings stay valid UTF-8, and
a file name that is not UTF-8 never costs the report of a whole run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from infcheck.diagnostics import escape_control_characters

VALID_HEAD = '[Version]\r\nSignature = "$Windows NT$"\r\nCatalogFile = a.cat\r\n'
# INF301 quotes the undefined Models section, escape sequence and all.
HOSTILE_CONTENT = VALID_HEAD + '[Manufacturer]\r\n%M% = Models\x1b]0;title\x07\r\n[Strings]\r\nM = "m"\r\n'

needs_byte_names = pytest.mark.skipif(
    sys.platform == "win32" or sys.platform == "darwin", reason="the file system must accept names that are not UTF-8"
)


def check(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "-j", "1", *arguments, "."],
        cwd=folder,
        capture_output=True,
        timeout=120,
    )
    assert b"Traceback" not in result.stderr, result.stderr
    return result


def test_escaping_covers_every_character_that_can_forge_a_line():
    assert escape_control_characters("a\nb\r\x1b[2K\t\x00\x7f\x85") == "a\\nb\\r\\x1b[2K\\t\\x00\\x7f\\x85"
    assert escape_control_characters("x\u2028y\u202ez\u2066") == "x\\u2028y\\u202ez\\u2066"
    assert escape_control_characters("bad\udcff.inf") == "bad\\xff.inf"
    assert escape_control_characters("Contoso® Gerät ok") == "Contoso® Gerät ok"


@needs_byte_names
def test_a_file_name_that_is_not_utf8_keeps_the_sarif_report(tmp_path):
    (tmp_path / os.fsdecode(b"bad\xff.inf")).write_text(VALID_HEAD.replace("CatalogFile = a.cat\r\n", ""))
    result = check(tmp_path, "--format", "sarif")
    assert result.returncode == 1
    log = json.loads(result.stdout.decode("utf-8"))
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]]
    assert locations == ["bad%FF.inf"]


@needs_byte_names
def test_a_file_name_that_is_not_utf8_gives_valid_json_that_names_it_exactly(tmp_path):
    (tmp_path / os.fsdecode(b"bad\xff.inf")).write_text(VALID_HEAD.replace("CatalogFile = a.cat\r\n", ""))
    result = check(tmp_path, "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout.decode("utf-8"))
    assert [os.fsencode(row["path"]) for row in rows] == [b"bad\xff.inf"]


@needs_byte_names
def test_a_file_name_that_is_not_utf8_is_escaped_in_text(tmp_path):
    (tmp_path / os.fsdecode(b"bad\xff.inf")).write_text(VALID_HEAD.replace("CatalogFile = a.cat\r\n", ""))
    result = check(tmp_path)
    assert result.stdout.decode("utf-8").startswith("bad\\xff.inf:1:1: INF105 [error] ")


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names cannot hold a line break")
@pytest.mark.parametrize(
    ("output_format", "shown_name"),
    [("text", "forged\\nsecond.inf"), ("github", "forged%0Asecond.inf"), ("msbuild", "forged\\nsecond.inf")],
)
def test_control_characters_in_names_and_content_cannot_forge_report_lines(tmp_path, output_format, shown_name):
    (tmp_path / "forged\nsecond.inf").write_text(HOSTILE_CONTENT, newline="")
    result = check(tmp_path, "--select", "INF301", "--format", output_format)
    report = result.stdout.decode("utf-8")
    assert report.count("\n") == 1, report
    assert "\x1b" not in report and "\x07" not in report
    assert shown_name in report
    assert "[Models\\x1b]0]" in report


def test_json_and_sarif_messages_hold_no_control_characters(tmp_path):
    (tmp_path / "device.inf").write_text(HOSTILE_CONTENT, newline="")
    rows = json.loads(check(tmp_path, "--select", "INF301", "--format", "json").stdout)
    assert [row["message"] for row in rows] == ["Models section [Models\\x1b]0] named by [Manufacturer] is not defined"]
    log = json.loads(check(tmp_path, "--select", "INF301", "--format", "sarif").stdout)
    assert [r["message"]["text"] for r in log["runs"][0]["results"]] == [rows[0]["message"]]
