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
    assert loaded & {"infcheck.parse", "lark"} == set()
    # The package rules' findings come from the cache too (infcheck/package_cache.py): no rule is loaded.
    rule_modules = {name.rpartition(".")[2] for name in loaded if name.startswith("infcheck.rules.")} - {"_catalog"}
    assert rule_modules == set()
    assert loaded & {"infcheck.engine", "infcheck.wider", "pefile"} == set()
