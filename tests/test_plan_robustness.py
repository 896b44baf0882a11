"""Broken, hostile and huge publishing plans give SHP013/SHP014 diagnostics, never a
traceback, and no INF outside the plan's repository is ever opened unless allowed.

``tests/test_plan.py`` covers a plain TOML syntax error, non-UTF-8 and binary
plans, ``../`` and a symbolic link out of the repository with ``inf_roots``
allowing them, and a plan of 5000 labels; this file covers the rest.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, plan_diagnostics

from infcheck.engine import FINDINGS_PER_RULE
from infcheck.publish import package

AUDIO_INF = FIXTURES / "plan" / "example" / "drivers" / "audio-2.1" / "fabrikam_audio.inf"
MODEL_A = "HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_1E5D0001"


def repository(tmp_path: Path) -> Path:
    """A git-less repository (a folder holding ``.git``) with one real INF in it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "drivers").mkdir()
    shutil.copy(AUDIO_INF, root / "drivers" / "audio.inf")
    return root


DEEP = "plan not read: arrays or inline tables are nested more than 64 deep; infcheck reads at most 64 levels"


def found(path: Path) -> list[tuple[int, int, str, str]]:
    return [(d.span.line, d.span.column, d.code, d.message) for d in plan_diagnostics(path)]


def plan_in(tmp_path: Path, text: str) -> Path:
    path = repository(tmp_path) / "publish.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- malformed TOML ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('organization = "a"\norganization = "b"\n', (2, 19, "invalid TOML: cannot overwrite a value")),
        ('[[submission]]\nid = "a\n', (2, 8, "invalid TOML: illegal character '\\n'")),
        ('inf_roots = ["drivers",\n', (2, 1, "invalid TOML: invalid value at the end of the file")),
        ("[[label]\n", (1, 8, "invalid TOML: expected ']]' at the end of an array declaration")),
        ('organization = "\\q"\n', (1, 19, "invalid TOML: unescaped '\\' in a string")),
        ('organization = "\\ud800"\n', (1, 23, "invalid TOML: escaped character is not a Unicode scalar value")),
        # Pointing at the first bracket past the limit.
        ("organization = " + "[" * 3000 + "]" * 3000 + "\n", (1, 80, DEEP)),
        ("organization = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n", (1, 336, DEEP)),
    ],
    ids=[
        "duplicate-key",
        "unterminated-string",
        "unclosed-array",
        "bad-header",
        "bad-escape",
        "surrogate-escape",
        "deep-arrays",
        "deep-inline-tables",
    ],
)
def test_malformed_toml_is_one_diagnostic_where_it_breaks(tmp_path, text, expected):
    line, column, message = expected
    assert found(plan_in(tmp_path, text)) == [(line, column, "SHP014", message)]


def test_an_integer_too_long_to_convert_is_a_diagnostic(tmp_path):
    [(line, column, code, message)] = found(plan_in(tmp_path, "organization = " + "9" * 5000 + "\n"))
    assert (line, column, code) == (1, 1, "SHP014")
    assert message.startswith("invalid TOML: Exceeds the limit (4300 digits) for integer string conversion")


def test_the_command_line_reports_a_deeply_nested_plan_without_a_traceback(tmp_path):
    plan_in(tmp_path, "organization = " + "[" * 50_000 + "]" * 50_000 + "\n")
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--format", "json", "publish.toml"],
        cwd=tmp_path / "repo",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert [(row["line"], row["code"], row["message"]) for row in json.loads(result.stdout)] == [(1, "SHP014", DEEP)]


# -- wrong types -------------------------------------------------------------------------------

WRONG_TYPES = """\
organization = 5
inf_roots = "drivers"
[[submission]]
id = 7
inf = ["drivers/audio.inf"]
signing = true
category = 1.5
architectures = "amd64"
dua_of = []
deprecated = "yes"
received = "Contoso"

[[label]]
id = "l"
submission = 3
destination = 1
hwids = 5
chids = "x"
audience = 2
delivery = false
status = 1979-05-27
require_receiver_chids = "y"
"""


def test_every_value_of_the_wrong_type_is_reported_even_in_a_table_that_cannot_be_used(tmp_path):
    assert found(plan_in(tmp_path, WRONG_TYPES)) == [
        (1, 16, "SHP014", "'organization' must be a string"),
        (2, 13, "SHP014", "'inf_roots' must be a list of strings"),
        (4, 6, "SHP014", "'id' must be a string"),
        (5, 7, "SHP014", "'inf' must be a string"),
        (6, 11, "SHP014", "'signing' must be a string"),
        (7, 12, "SHP014", "'category' must be a string"),
        (8, 17, "SHP014", "'architectures' must be a list of strings"),
        (9, 10, "SHP014", "'dua_of' must be a string"),
        (10, 14, "SHP014", "'deprecated' must be true or false"),
        (11, 12, "SHP014", "'received' must be a table: { from = \"...\", hwids = [...], ... }"),
        (15, 14, "SHP014", "'submission' must be a string"),
        (16, 15, "SHP014", "'destination' must be a string"),
        (17, 9, "SHP014", "'hwids' must be a list of strings"),
        (18, 9, "SHP014", "'chids' must be a list of strings"),
        (19, 12, "SHP014", "'audience' must be a string"),
        (20, 12, "SHP014", "'delivery' must be a string"),
        (21, 10, "SHP014", "'status' must be a string"),
        (22, 26, "SHP014", "'require_receiver_chids' must be true or false"),
    ]


def test_an_item_that_is_not_a_table_is_reported_once(tmp_path):
    assert found(plan_in(tmp_path, 'submission = [1, "x", []]\nlabel = [[]]\n')) == [
        (1, 15, "SHP014", "every submission must be a table"),
        (1, 18, "SHP014", "every submission must be a table"),
        (1, 23, "SHP014", "every submission must be a table"),
        (2, 10, "SHP014", "every label must be a table"),
    ]


def test_control_characters_from_the_plan_are_escaped_in_messages(tmp_path):
    assert found(plan_in(tmp_path, '"a\\u0000\\u001b" = 1\n')) == [
        (1, 1, "SHP014", "unknown key 'a\\x00\\x1b' in a plan (known: organization, inf_roots, submission, label)")
    ]


# -- INF paths that cannot be used ---------------------------------------------------------------


def submissions(*infs: str) -> str:
    return "".join(f'[[submission]]\nid = "s{number}"\ninf = "{inf}"\n\n' for number, inf in enumerate(infs))


def test_inf_paths_that_are_not_files_are_reported_not_followed(tmp_path):
    root = repository(tmp_path)
    (root / "drivers" / "loop.inf").symlink_to("loop.inf")
    (root / "drivers" / "dangling.inf").symlink_to("gone.inf")
    inf_paths = ["drivers", "drivers/loop.inf", "drivers/dangling.inf", "drivers/\\u0000audio.inf", "x" * 300 + ".inf"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "drivers" / "pipe.inf")  # read, it would block the check for ever
        inf_paths.append("drivers/pipe.inf")
    path = root / "publish.toml"
    path.write_text(submissions(*inf_paths), encoding="utf-8")
    expected = [
        (3, 7, "SHP013", "submission 's0': INF 'drivers' is a folder, not a file"),
        (7, 7, "SHP013", "submission 's1': INF 'drivers/loop.inf' cannot be read: Too many levels of symbolic links"),
        (
            11,
            7,
            "SHP013",
            f"submission 's2': INF 'drivers/dangling.inf' does not exist (looked for {root}/drivers/gone.inf)",
        ),
        (
            15,
            7,
            "SHP013",
            "submission 's3': INF 'drivers/\\0audio.inf' is not a usable path: it contains a NUL character",
        ),
        (19, 7, "SHP013", f"submission 's4': INF '{'x' * 300}.inf' cannot be read: File name too long"),
        (23, 7, "SHP013", "submission 's5': INF 'drivers/pipe.inf' is not a regular file"),
    ]
    assert found(path) == expected[: len(inf_paths)]


def test_a_nul_character_in_inf_roots_is_reported_and_allows_nothing(tmp_path):
    path = plan_in(tmp_path, 'inf_roots = ["..\\u0000"]\n' + submissions("../outside.inf"))
    (tmp_path / "outside.inf").write_bytes(AUDIO_INF.read_bytes())
    root = tmp_path / "repo"
    assert found(path) == [
        (1, 14, "SHP014", "a folder of 'inf_roots' cannot contain a NUL character"),
        (
            4,
            7,
            "SHP013",
            f"submission 's0': INF '../outside.inf' resolves to {tmp_path}/outside.inf, outside the plan's repository "
            f"({root}); list its folder in inf_roots to allow it",
        ),
    ]


# -- never a read outside the repository -------------------------------------------------------

# Runs the command line with an audit hook that records every file the process opens, and
# writes the list (resolved paths) to the file named by the first argument.
_AUDITED_CHECK = """
import json, os, sys
opened = []
def record(event, arguments):
    if event == "open" and arguments and isinstance(arguments[0], (str, bytes)):
        opened.append(os.path.realpath(os.fsdecode(arguments[0])))
sys.addaudithook(record)
from infcheck.cli import main
status = main(["check", "-j", "1", "--format", "json", *sys.argv[2:]])
with open(sys.argv[1], "w", encoding="utf-8") as log:
    json.dump(opened, log)
sys.exit(status)
"""


def audited_check(plan: Path, log: Path) -> tuple[list[tuple[int, str]], list[str]]:
    """(line, code) of each diagnostic of checking ``plan``, and every file the check opened."""
    result = subprocess.run(
        [sys.executable, "-c", _AUDITED_CHECK, str(log), plan.name],
        cwd=plan.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    rows = json.loads(result.stdout)
    return [(row["line"], row["code"]) for row in rows], json.loads(log.read_text(encoding="utf-8"))


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_no_file_outside_the_repository_is_ever_opened(tmp_path):
    root = repository(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.inf"
    shutil.copy(AUDIO_INF, secret)
    (root / "drivers" / "linked.inf").symlink_to(secret)
    (root / "vendor").symlink_to(outside)
    escapes = submissions(
        "../outside/secret.inf",
        str(secret),
        "drivers/linked.inf",
        "vendor/secret.inf",
        "drivers/../../outside/secret.inf",
    )
    plan = root / "publish.toml"
    plan.write_text(escapes + submissions("drivers/audio.inf").replace('"s0"', '"inside"'), encoding="utf-8")

    reported, opened = audited_check(plan, tmp_path / "opened.json")
    assert reported == [(3, "SHP013"), (7, "SHP013"), (11, "SHP013"), (15, "SHP013"), (19, "SHP013")]
    assert str(root / "drivers" / "audio.inf") in opened  # the hook sees the reads that do happen
    assert [path for path in opened if path.startswith(str(outside))] == []

    # Listing the folder in inf_roots allows exactly those reads, through every one of the paths.
    plan.write_text('inf_roots = ["../outside"]\n' + escapes, encoding="utf-8")
    reported, opened = audited_check(plan, tmp_path / "opened.json")
    assert reported == []
    assert str(secret) in opened


# -- huge plans ----------------------------------------------------------------------------------


def test_a_label_with_a_huge_list_of_ids_is_checked_in_linear_time(tmp_path):
    def seconds(count: int) -> float:
        folder = tmp_path / str(count)
        hwids = ", ".join(
            f"'{MODEL_A}'" if number == 0 else f"'PCI\\VEN_8086&DEV_{number:04X}&SUBSYS_00011028'"
            for number in range(count)
        )
        path = plan_in(
            folder,
            submissions("drivers/audio.inf")
            + f'[[label]]\nid = "wu"\nsubmission = "s0"\ndestination = "windows-update"\nhwids = [{hwids}]\n',
        )
        started = time.process_time()
        # Every ID but the first is one the package does not have; past the per-rule cap, one
        # more finding says how many were left out.
        reported = found(path)
        expected = min(count - 1, FINDINGS_PER_RULE + 1)
        assert [code for _, _, code, _ in reported] == ["SHP001"] * expected
        if count - 1 > FINDINGS_PER_RULE:
            assert reported[-1][3].startswith(f"{count - 1 - FINDINGS_PER_RULE} more SHP001 findings")
        return time.process_time() - started

    short, long = seconds(2_000), seconds(20_000)
    assert long < 25 * short + 1.0, f"2k IDs: {short:.2f} s, 20k IDs: {long:.2f} s"


def test_an_inf_named_by_thousands_of_submissions_is_read_once(tmp_path, monkeypatch):
    summaries = []
    real_summarize = package.summarize
    monkeypatch.setattr(package, "summarize", lambda path, data: summaries.append(path) or real_summarize(path, data))
    path = plan_in(tmp_path, submissions(*["drivers/audio.inf"] * 3000))
    assert found(path) == []
    assert summaries == [tmp_path / "repo" / "drivers" / "audio.inf"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_reading_a_package_inf_refuses_a_pipe_and_a_nul_character(tmp_path):
    # Scenarios (infcheck simulate) read INF files through the same function as plans.
    os.mkfifo(tmp_path / "pipe.inf")
    with pytest.raises(OSError, match="not a regular file"):
        package.read_package_inf(tmp_path / "pipe.inf")
    with pytest.raises(OSError, match="the path contains a NUL character"):
        package.read_package_inf(tmp_path / "a\0.inf")
