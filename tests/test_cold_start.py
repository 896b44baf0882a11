"""A plain INF check loads only what it uses, and a cached run not even the parser or the rules.

Each case runs a fresh interpreter with a warm grammar cache of its own and lists the modules
the check left loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

SMALL = FIXTURES / "demo" / "contoso_sensor.inf"
LOADED_AFTER_CHECK = (
    "import json, sys\n"
    "from infcheck.cli import main\n"
    "status = main(sys.argv[1:])\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


# Modules whose import costs a small check a noticeable share of its time, and which it does not use:
# pefile (the demo's image has well-formed headers, read without it), subprocess (only --since and
# --staged run git), difflib (only for a missing file), the TOML reader (no configuration file).
HEAVY_AND_UNUSED = ("pefile", "uuid", "hashlib", "subprocess", "difflib", "tomllib", "tomli", "tomlkit")


def modules_after(tmp_path: Path, *args: str) -> set[str]:
    environment = {**os.environ, "INFCHECK_CACHE_DIR": str(tmp_path / "grammar")}
    environment.pop("INFCHECK_RESULT_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-c", LOADED_AFTER_CHECK, "check", "-q", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


@pytest.fixture
def warm(tmp_path: Path) -> Path:
    (tmp_path / "grammar").mkdir(mode=0o700)
    modules_after(tmp_path, "--no-cache", str(SMALL))  # analyses the grammar and stores it
    return tmp_path


def test_a_plain_check_loads_neither_the_grammar_loader_nor_the_publishing_model(warm):
    loaded = modules_after(warm, "--no-cache", str(SMALL))
    assert "infcheck.rules" in loaded and "infcheck.parse" in loaded  # it did check the file
    unwanted = {
        "lark.load_grammar",
        "lark.lark",
        "lark.parsers.earley",
        "pkgutil",
        "infcheck.publish.plan",
        "infcheck.publish.chid",
        "tomlkit",
        "tomllib",
        "tomli",
        "infcheck.infverif_table",
        "multiprocessing",  # only when worker processes may start
        "shutil",  # argparse asks for the terminal's width only to print help
        "lzma",
        "bz2",
        "infcheck.tomlguard",  # only to read a configuration file
        "infcheck.capsule_model",  # only for an INF listing a UEFI\... ID
        *HEAVY_AND_UNUSED,
    }
    assert loaded & unwanted == set()


def test_the_grammar_loader_is_loaded_when_the_grammar_must_be_analysed(tmp_path):
    (tmp_path / "grammar").mkdir(mode=0o700)
    assert "lark.load_grammar" in modules_after(tmp_path, "--no-cache", str(SMALL))


def test_a_run_answered_from_the_result_cache_loads_neither_parser_nor_file_rules(warm):
    cache = warm / "results"
    modules_after(warm, "--cache-dir", str(cache), str(SMALL))
    loaded = modules_after(warm, "--cache-dir", str(cache), str(SMALL))
    assert "infcheck.result_cache" in loaded
    assert loaded & {"infcheck.parse", "lark", *HEAVY_AND_UNUSED} == set()
    # The package rules' findings come from the cache too (infcheck/package_cache.py): no rule is loaded.
    rule_modules = {name.rpartition(".")[2] for name in loaded if name.startswith("infcheck.rules.")} - {"_catalog"}
    assert rule_modules == set()
    assert loaded & {"infcheck.engine", "infcheck.wider", "pefile"} == set()


def test_the_small_file_checked_reads_an_image_so_the_package_rules_did_run(warm):
    # Without this, pefile staying unloaded above would prove nothing.
    assert (SMALL.parent / "contoso_sensor.sys").is_file()
    assert "infcheck.pe" in modules_after(warm, "--no-cache", str(SMALL))


ENDS_AT_ONCE = (
    "import atexit, sys\n"
    "from infcheck.cli import run\n"
    "class Teardown:\n"
    "    def __del__(self):\n"
    "        sys.stderr.write('torn down\\n')\n"
    "kept = Teardown()\n"
    "atexit.register(lambda: sys.stderr.write('atexit ran\\n'))\n"
    "sys.argv[0] = 'infcheck'\n"
    "run()\n"
)


def ended(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "INFCHECK_CACHE_DIR": str(tmp_path / "grammar")}
    environment.pop("INFCHECK_RESULT_CACHE", None)
    return subprocess.run(
        [sys.executable, "-c", ENDS_AT_ONCE, *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_check_ends_its_process_at_once_with_its_output_written_and_atexit_functions_run(warm):
    (warm / "bad.inf").write_text('[Version]\nSignature = "$Windows NT$"\n')
    result = ended(warm, "check", "--no-cache", "bad.inf")
    expected = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom infcheck.cli import main\nsys.exit(main(sys.argv[1:]))\n"]
        + ["check", "--no-cache", "bad.inf"],
        cwd=warm,
        env={**os.environ, "INFCHECK_CACHE_DIR": str(warm / "grammar")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == expected.returncode == 1
    assert result.stdout == expected.stdout != ""
    assert result.stderr.splitlines() == [*expected.stderr.splitlines(), "atexit ran"]  # the summary, then atexit
    assert "torn down" not in result.stderr  # the interpreter was not torn down


def test_other_commands_end_the_usual_way(warm):
    result = ended(warm, "rules")
    assert result.returncode == 0 and "INF001" in result.stdout
    assert result.stderr.splitlines() == ["atexit ran", "torn down"]


def test_a_check_run_next_to_a_pyproject_without_settings_does_not_load_the_toml_guard(warm):
    (warm / "pyproject.toml").write_text('[project]\nname = "driver-tools"\n', encoding="utf-8")
    loaded = modules_after(warm, "--no-cache", str(SMALL))
    assert "infcheck.config" in loaded
    assert "infcheck.tomlguard" not in loaded


def test_a_capsule_package_does_load_the_capsule_model(warm):
    capsule = FIXTURES / "plan" / "example" / "drivers" / "firmware" / "fabrikam_bios.inf"
    assert "infcheck.capsule_model" in modules_after(warm, "--no-cache", "--exit-zero", str(capsule))
