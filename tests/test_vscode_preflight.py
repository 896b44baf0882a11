"""The extension's preflight check, run on real interpreters outside VS Code.

Before starting the language server the extension runs the chosen Python once and
sorts the outcome into ready, missing, too old, infcheck not installed, or failed;
each leads to its own message. These tests run that TypeScript (bundled on the fly
with the extension's esbuild) against real programs. They need node and the
extension's npm packages; without them they skip.
"""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import infcheck

EXTENSION = Path(__file__).resolve().parent.parent / "vscode-extension"
PROBE = EXTENSION / "test" / "probe.mjs"


@pytest.fixture(scope="module")
def run_probe():
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    if not (EXTENSION / "node_modules" / "esbuild").exists():
        pytest.skip("the extension's npm packages are not installed (npm ci in vscode-extension)")

    def run(*commands: list[str]) -> list[dict]:
        result = subprocess.run(
            ["node", str(PROBE), json.dumps(list(commands))],
            cwd=EXTENSION,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def _script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def _this_python() -> str:
    return ".".join(str(part) for part in sys.version_info[:3])


def test_this_python_is_ready(run_probe):
    assert run_probe([sys.executable]) == [
        {"kind": "ready", "python": _this_python(), "infcheck": infcheck.__version__}
    ]


def test_arguments_before_the_script_reach_python(run_probe):
    # As with ["py", "-3.12"]: -S (no site-packages) hides infcheck from this very Python.
    assert run_probe([sys.executable, "-S"]) == [
        {
            "kind": "not-installed",
            "python": _this_python(),
            "detail": "ModuleNotFoundError: No module named 'infcheck'",
        }
    ]


def test_a_python_without_infcheck_is_not_installed(run_probe, tmp_path):
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "venv")], check=True, timeout=120)
    (result,) = run_probe([str(tmp_path / "venv" / "bin" / "python")])
    assert result == {
        "kind": "not-installed",
        "python": _this_python(),
        "detail": "ModuleNotFoundError: No module named 'infcheck'",
    }


def test_a_program_that_does_not_exist_is_missing(run_probe, tmp_path):
    assert run_probe([str(tmp_path / "no-such-python")]) == [{"kind": "missing", "detail": "no such program"}]


def test_a_file_that_cannot_be_run_is_missing(run_probe, tmp_path):
    plain = tmp_path / "python"
    plain.write_text("not a program")
    assert run_probe([str(plain)]) == [{"kind": "missing", "detail": "it is not an executable program"}]


def test_an_old_python_is_too_old(run_probe, tmp_path):
    # What Python 3.8 does with the probe: prints its version, then fails (here, on purpose).
    old = _script(tmp_path, "python3.8", 'echo 3.8.18\necho "SyntaxError: invalid syntax" >&2\nexit 1\n')
    assert run_probe([str(old)]) == [{"kind": "too-old", "python": "3.8.18"}]


def test_a_program_that_answers_nonsense_failed(run_probe, tmp_path):
    liar = _script(tmp_path, "python", "echo hello\n")
    assert run_probe([str(liar)]) == [{"kind": "failed", "detail": 'it printed "hello" instead of its version'}]


def test_a_python_that_crashes_on_import_reports_the_last_line(run_probe, tmp_path):
    broken = _script(tmp_path, "python", 'echo 3.12.1\necho "RuntimeError: broken site-packages" >&2\nexit 1\n')
    assert run_probe([str(broken)]) == [{"kind": "failed", "detail": "RuntimeError: broken site-packages"}]
