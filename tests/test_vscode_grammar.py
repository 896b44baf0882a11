"""The extension's TextMate grammar, checked by vscode-tmgrammar-test against test/grammar/*.inf.

Each test file is INF text with assertion lines under it (`;   ^^^ scope`), so the
expected scopes sit next to the text they describe. These tests need node and npm;
without them they skip and say so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parent.parent / "vscode-extension"
GRAMMAR = EXTENSION / "syntaxes" / "inf.tmLanguage.json"
TEST_FILES = EXTENSION / "test" / "grammar"
TOOL = EXTENSION / "node_modules" / ".bin" / "vscode-tmgrammar-test"

# Listed by name so that a test file that stops being picked up (renamed, wrong glob) fails here.
EXPECTED_TEST_FILES = ["continuation.inf", "entries.inf", "hardware-ids.inf", "sections.inf", "strings.inf"]

# The tool loops for ever on some malformed assertion lines; never wait on it without end.
TOOL_TIMEOUT_S = 120
PASSED = re.compile(r"^✓ (?P<path>\S+) run successfuly\.$", re.MULTILINE)
FAILED = re.compile(r"^✖ (?P<path>\S+) failed$", re.MULTILINE)


@pytest.fixture(scope="module")
def grammar_tool() -> Path:
    """vscode-tmgrammar-test from the extension's locked devDependencies, installed with `npm ci` when needed."""
    missing = [name for name in ("node", "npm") if shutil.which(name) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not on PATH: the grammar tests run vscode-tmgrammar-test from npm")
    installed_lock = EXTENSION / "node_modules" / ".package-lock.json"
    lock = EXTENSION / "package-lock.json"
    if not installed_lock.exists() or installed_lock.stat().st_mtime < lock.stat().st_mtime:
        npm_ci = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=EXTENSION,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert npm_ci.returncode == 0, f"npm ci failed:\n{npm_ci.stdout}\n{npm_ci.stderr}"
    assert TOOL.exists(), f"npm ci did not install {TOOL}"
    return TOOL


def run_tool(tool: Path, *patterns: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(tool), "--grammar", str(GRAMMAR), *patterns],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT_S,
        env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
    )


def test_every_grammar_test_file_passes(grammar_tool):
    result = run_tool(grammar_tool, "test/grammar/*.inf")
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    passed = sorted(Path(match["path"]).name for match in PASSED.finditer(report))
    assert passed == EXPECTED_TEST_FILES, report
    assert FAILED.findall(report) == []


def test_the_test_folder_holds_exactly_the_expected_files():
    assert sorted(path.name for path in TEST_FILES.glob("*.inf")) == EXPECTED_TEST_FILES


def test_a_wrong_scope_assertion_fails(grammar_tool, tmp_path):
    # Proves the tool is really checking: a section name asserted to be a comment must fail.
    wrong = tmp_path / "wrong.inf"
    wrong.write_text(
        '; SYNTAX TEST "source.inf" "a deliberately wrong expectation"\n'
        "[Version]\n"
        ";^^^^^^^ comment.line.semicolon.inf\n"
    )
    result = run_tool(grammar_tool, str(wrong))
    report = result.stdout + result.stderr
    assert result.returncode != 0, report
    assert [Path(path).name for path in FAILED.findall(report)] == ["wrong.inf"]
    assert "missing required scopes: comment.line.semicolon.inf" in report


TOKENIZER = EXTENSION / "test" / "tokenize.mjs"
CORPUS = Path(
    os.environ.get("INFCHECK_CORPUS", EXTENSION.parent.parent / "shared" / "corpus" / "windows-driver-samples")
)


def tokenize(files: list[Path]) -> dict[str, dict]:
    result = subprocess.run(
        ["node", str(TOKENIZER), *map(str, files)],
        cwd=EXTENSION,
        capture_output=True,
        text=True,
        timeout=TOOL_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tokenizer_reports_text_the_grammar_marks_invalid(grammar_tool, tmp_path):
    sample = tmp_path / "invalid.inf"
    sample.write_bytes("[Version]\r\n[Models] stray ; comment\r\n[Unterminated\r\n".encode("utf-16"))
    report = tokenize([sample])[str(sample)]
    assert report["lines"] == 4
    assert report["invalid"] == [
        [2, 10, "invalid.deprecated.text-after-section.inf", "stray "],
        [3, 1, "invalid.illegal.unterminated-section.inf", "[Unterminated"],
    ]


def test_grammar_marks_nothing_invalid_in_real_driver_inf_files(grammar_tool):
    if not CORPUS.is_dir():
        pytest.skip(f"the sample corpus is not at {CORPUS}")
    files = sorted(path for path in CORPUS.rglob("*") if path.suffix.lower() in {".inf", ".inx"})
    assert len(files) >= 100
    report = tokenize(files)
    assert sorted(report) == sorted(map(str, files))
    invalid = {name: entry["invalid"] for name, entry in report.items() if entry["invalid"]}
    assert invalid == {}
