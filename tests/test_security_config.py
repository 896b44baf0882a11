"""Configuration that cannot stall or silently disable a check.

Globs in ``exclude`` and ``per-file-ignores`` are matched without backtracking
(``**a**a**a**a**b`` against a long path used to take over a minute per match);
the search for a configuration file stops at the repository's top folder, so
a stray ``infcheck.toml`` above it cannot exclude every file; and a selection
naming no rule is an error instead of a run that checks nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from infcheck.config import ConfigError, ConfigResolver, load_config, parse_config
from infcheck.pathglob import PathGlob

AUDIO_INF = FIXTURES / "plan" / "example" / "drivers" / "audio-2.1" / "fabrikam_audio.inf"

# -- globs --------------------------------------------------------------------------------------

PATHOLOGICAL = "**a**a**a**a**b"
LONG_PATHS = [
    "a" * 216,
    "/".join(["a" * 53] * 4) + "/aaaa",  # 220 characters in five names
    "/".join(["a"] * 120),  # 239 characters in 120 names
]


@pytest.mark.parametrize("path", LONG_PATHS, ids=["one-name", "five-names", "many-names"])
def test_a_pathological_glob_matches_a_long_path_at_once(path):
    assert len(path) >= 216
    for glob in (PATHOLOGICAL, "/" + PATHOLOGICAL, "**/a*a*a*a*a*a*a*a*b/**", "*?*?*?*?*?*?*b"):
        started = time.perf_counter()
        assert not PathGlob(glob).matches(path)
        assert time.perf_counter() - started < 0.1, glob


def test_a_pathological_exclude_does_not_stall_the_check(tmp_path):
    config = parse_config(
        {"exclude": [PATHOLOGICAL] * 20, "per-file-ignores": {PATHOLOGICAL: ["INF"]}}, tmp_path / "infcheck.toml", "x"
    )
    path = tmp_path / "/".join(["a" * 53] * 4) / "aaaa.inf"
    started = time.perf_counter()
    assert not config.is_excluded(path)
    assert config.rules_for(path)
    assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        # Without "/" a glob matches a name at any depth, and whatever is inside what it matches.
        ("build", "build", True),
        ("build", "a/b/build/x.inf", True),
        ("build/", "a/build/x.inf", True),
        ("*.inf", "deep/down/x.INF", True),
        ("generated_*.inf", "a/generated_1.inf", True),
        ("generated_*.inf", "a/generated_1.inx", False),
        ("?.inf", "a/x.inf", True),
        ("?.inf", "a/xy.inf", False),
        # With "/" it is anchored to the configuration file's folder.
        ("src/x.inf", "src/x.inf", True),
        ("src/x.inf", "other/src/x.inf", False),
        ("/build", "build/x.inf", True),
        ("/build", "a/build/x.inf", False),
        ("src/*.inf", "src/a/x.inf", False),
        # "**" as a whole part stands for any number of folders, none included.
        ("src/**/x.inf", "src/x.inf", True),
        ("src/**/x.inf", "src/a/b/c/x.inf", True),
        ("**/generated_*.inf", "a/b/generated_1.inf", True),
        ("**/generated_*.inf", "generated_1.inf", True),
        # ...except at the end, where it is what lies inside.
        ("build/**", "build/x.inf", True),
        ("build/**", "build", False),
        ("**", "anything/at/all.inf", True),
        # Inside a longer part it is a "*" and stays within one name.
        ("src/**.inf", "src/x.inf", True),
        ("src/**.inf", "src/a/x.inf", False),
        ("**a**a**a**a**b", "aaaab", True),
        ("**a**a**a**a**b", "x/aaaab/y.inf", True),
        # Letter case is ignored, and regular-expression characters are plain characters.
        ("Build/*.INF", "build/x.inf", True),
        ("a+b(c)", "a+b(c)", True),
        ("a.b", "axb", False),
        ("", "x.inf", False),
    ],
)
def test_glob_semantics(glob, path, expected):
    assert PathGlob(glob).matches(path) is expected


# -- where the configuration comes from -----------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("git_kind", ["folder", "file"])
def test_the_search_stops_at_the_repository_top(tmp_path, git_kind):
    _write(tmp_path / "infcheck.toml", 'exclude = ["**"]\n')
    repository = tmp_path / "repo"
    repository.mkdir()
    if git_kind == "folder":
        (repository / ".git").mkdir()
    else:  # a worktree or a submodule
        _write(repository / ".git", "gitdir: ../elsewhere\n")
    inf = repository / "drivers" / "a.inf"
    resolver = ConfigResolver()
    assert resolver.for_path(inf).source is None
    assert not resolver.for_path(inf).is_excluded(inf)
    # The repository's own file still applies, and so does a file in the top folder itself.
    _write(repository / "infcheck.toml", 'select = ["PUB"]\n')
    assert ConfigResolver().for_path(inf).source == repository / "infcheck.toml"


def test_outside_a_repository_the_search_goes_up_to_the_root(tmp_path):
    _write(tmp_path / "infcheck.toml", 'select = ["PUB"]\n')
    assert ConfigResolver().for_path(tmp_path / "a" / "b" / "c.inf").source == tmp_path / "infcheck.toml"


def test_the_command_line_checks_a_repository_below_a_configuration_that_excludes_everything(tmp_path):
    _write(tmp_path / "infcheck.toml", 'exclude = ["**"]\n')
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    _write(repository / "a.inf", '[Version]\nSignature = "$Windows NT$"\n')
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--format", "json", "."],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert {(row["path"], row["code"]) for row in json.loads(result.stdout)} >= {("a.inf", "INF105")}


# -- selections that name no rule -------------------------------------------------------------


@pytest.mark.parametrize("value", ["[]", '[""]', '" "'])
def test_an_empty_select_is_a_configuration_error(tmp_path, value):
    path = _write(tmp_path / "infcheck.toml", f"select = {value}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert (
        str(raised.value)
        == f"{path}: select names no rule, so nothing would be checked; leave it out to run every rule"
    )


def test_the_command_line_stops_on_an_empty_select_with_one_line_and_exit_2(tmp_path):
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "pyproject.toml", "[tool.infcheck]\nselect = []\n")
    shutil.copy(AUDIO_INF, tmp_path / "audio.inf")
    for arguments in (["audio.inf"], ["."]):
        result = subprocess.run(
            [sys.executable, "-m", "infcheck", "check", *arguments],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"infcheck: {tmp_path / 'pyproject.toml'} [tool.infcheck].select names no rule, so nothing would be checked; "
            "leave it out to run every rule"
        ]


@pytest.mark.parametrize("value", ["", ",", " "])
def test_an_empty_select_on_the_command_line_is_an_error(tmp_path, value):
    shutil.copy(AUDIO_INF, tmp_path / "audio.inf")
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--select", value, "audio.inf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (2, "infcheck: --select names no rule\n")
