"""The result cache never changes an answer: every input a finding depends on invalidates it.

Most cases plant a marker in every stored finding (keeping the entry's key) and then check
whether the marker shows: it shows while the cache is used, and must not once anything the
findings depend on has changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

import infcheck.result_cache as result_cache
from infcheck.result_cache import ResultCache, code_stamp
from infcheck.runner import CheckOptions, check_paths, check_stdin

MARKER = "planted in the cache"
# Enough files for -j 2 to start two workers (the runner forks only for 8 or more files per job).
SOURCES = sorted((FIXTURES / "rules").glob("INF*/fail_*.inf"))[:20] + sorted((FIXTURES / "demo").glob("*.inf"))


def make_project(root: Path) -> Path:
    project = root / "project"
    (project / ".git").mkdir(parents=True)
    for number, source in enumerate(SOURCES):
        shutil.copyfile(source, project / f"{number:02d}_{source.name}")
    return project


def report(project: Path, cache: Path | None, **options) -> list[tuple]:
    run = check_paths([str(project)], CheckOptions(cache_folder=cache, jobs=1, **options))
    assert not run.errors
    return [tuple(diagnostic) for diagnostic in run.diagnostics]


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("results-*/*/*.json"))


def plant_marker(cache: Path) -> int:
    """Replace every stored message with MARKER, keeping each entry's key; how many findings were changed."""
    changed = 0
    for path in entries(cache):
        entry = json.loads(path.read_text(encoding="utf-8"))
        for finding in entry["diagnostics"]:
            finding[3] = MARKER
            changed += 1
        path.write_text(json.dumps(entry), encoding="utf-8")
    return changed


def markers(found: list[tuple]) -> int:
    return sum(1 for diagnostic in found if diagnostic[3] == MARKER)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_a_second_run_is_answered_from_the_cache_with_the_same_findings(project, tmp_path):
    cache = tmp_path / "cache"
    fresh = report(project, None)
    assert len(fresh) > 20
    assert report(project, cache) == fresh
    assert len(entries(cache)) == len(SOURCES)
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert report(project, cache) == fresh
    # The second run read the entries: a planted marker shows in every finding of a file's own
    # check. The package rules' findings (two missing binaries here) are kept apart, as they depend
    # on the folder's other files (tests/test_package_cache.py).
    planted = plant_marker(cache)
    package_findings = [found for found in fresh if found[0].startswith(("PKG", "REPO"))]
    assert [found[0] for found in package_findings] == ["PKG001", "PKG001"]
    assert planted == len(fresh) - len(package_findings)
    again = report(project, cache)
    assert markers(again) == planted
    assert [found for found in again if found[0].startswith(("PKG", "REPO"))] == package_findings


def test_a_changed_file_is_checked_again(project, tmp_path):
    cache = tmp_path / "cache"
    report(project, cache)
    plant_marker(cache)
    target = sorted(project.glob("*.inf"))[0]
    target.write_bytes(target.read_bytes() + b"\r\n; edited\r\n")
    found = report(project, cache)
    assert not [d for d in found if d[6] == target.as_posix() and d[3] == MARKER]
    assert [d for d in found if d[6] == target.as_posix()]
    assert markers(found) > 0  # the other files still come from the cache


def test_a_configuration_change_invalidates_every_entry(project, tmp_path):
    cache = tmp_path / "cache"
    config = project / "infcheck.toml"
    config.write_text('ignore = ["INF005"]\n', encoding="utf-8")
    report(project, cache)
    assert plant_marker(cache) > 0
    config.write_text('ignore = ["INF006"]\n', encoding="utf-8")
    found = report(project, cache)
    assert markers(found) == 0
    assert found == report(project, None)


def test_a_profile_or_selection_change_invalidates_every_entry(project, tmp_path):
    cache = tmp_path / "cache"
    report(project, cache)
    assert plant_marker(cache) > 0
    with_profile = report(project, cache, profile="windows-driver")
    assert markers(with_profile) == 0
    assert with_profile == report(project, None, profile="windows-driver")
    assert markers(report(project, cache, ignore={"INF201"})) == 0
    assert markers(report(project, cache, select={"INF201"})) == 0


def test_a_rule_change_invalidates_every_entry(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    report(project, cache)
    assert plant_marker(cache) > 0
    monkeypatch.setattr(result_cache, "_code_stamp", "the stamp of an edited rule module")
    assert markers(report(project, cache)) == 0


def test_the_code_stamp_follows_every_module_of_the_package(tmp_path):
    package = tmp_path / "infcheck"
    shutil.copytree(Path(result_cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_stamp(package)
    assert code_stamp(package) == before
    rule = package / "rules" / "inf201_undefined_string_token.py"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert code_stamp(package) != before


def test_an_infcheck_upgrade_invalidates_every_entry(project, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    report(project, cache)
    assert plant_marker(cache) > 0
    monkeypatch.setattr(result_cache, "__version__", "99.0.0")
    assert markers(report(project, cache)) == 0


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "not json at all {",
        lambda text: "",
        lambda text: json.dumps({"key": json.loads(text)["key"], "diagnostics": [["INF201", 1, 2]]}),
        lambda text: json.dumps({"key": json.loads(text)["key"], "diagnostics": [[1, 2, 3, 4, [1, 1, 1], None, ""]]}),
        lambda text: json.dumps({"key": "another key", "diagnostics": []}),
        lambda text: json.dumps([1, 2, 3]),
    ],
    ids=["truncated", "garbage", "empty", "short finding", "wrong types", "other key", "not an object"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(project, tmp_path, damage):
    cache = tmp_path / "cache"
    fresh = report(project, cache)
    for path in entries(cache):
        path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert report(project, cache) == fresh
    # Rewritten: every entry decodes to a whole entry again.
    for path in entries(cache):
        stored = json.loads(path.read_text(encoding="utf-8"))
        assert stored["key"] == path.stem


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership and modes are POSIX")
def test_an_entry_others_may_write_is_not_trusted(project, tmp_path):
    cache = tmp_path / "cache"
    report(project, cache)
    assert plant_marker(cache) > 0
    for path in entries(cache):
        path.chmod(0o666)
    assert markers(report(project, cache)) == 0


def test_standard_input_is_never_cached(tmp_path):
    cache = tmp_path / "cache"
    data = (FIXTURES / "rules" / "INF201" / "fail_undefined.inf").read_bytes()
    run = check_stdin(data, "fail_undefined.inf", CheckOptions(cache_folder=cache))
    assert run.diagnostics
    assert not cache.exists()


def test_the_cache_is_trimmed_to_its_bound(tmp_path):
    cache = ResultCache(tmp_path / "cache")
    keys = [f"{number:064x}" for number in range(40)]
    for number, key in enumerate(keys):
        cache.put(key, [])
        os.utime(cache._path(key), ns=(number * 10**9, number * 10**9))
    cache.get(keys[0])  # used just now: the oldest entry is kept
    cache.trim(limit=10)
    left = {path.stem for path in entries(tmp_path / "cache")}
    assert len(left) == 10
    assert keys[0] in left
    assert keys[1] not in left
    assert keys[-1] in left


def infcheck(*args: str, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "infcheck", "check", "--format", "json", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={key: value for key, value in os.environ.items() if key != "INFCHECK_RESULT_CACHE"},
    )


def finish(process: subprocess.Popen) -> list:
    stdout, stderr = process.communicate(timeout=180)
    assert process.returncode == 1, stderr
    return json.loads(stdout)


def test_parallel_jobs_and_two_processes_at_once_give_the_report_without_cache(project):
    expected = finish(infcheck("--no-cache", ".", cwd=project))
    assert not (project / ".infcheck_cache").exists()
    assert finish(infcheck("-j", "2", ".", cwd=project)) == expected
    assert (project / ".infcheck_cache" / ".gitignore").is_file()
    shutil.rmtree(project / ".infcheck_cache")
    # Two processes writing the same entries at once, then two reading them.
    for _ in range(2):
        first, second = infcheck("-j", "2", ".", cwd=project), infcheck(".", cwd=project)
        assert finish(first) == expected
        assert finish(second) == expected
    assert len(entries(project / ".infcheck_cache")) == len(SOURCES)


def test_the_cache_folder_comes_from_the_flag_the_environment_or_the_configuration(project, tmp_path):
    (project / "infcheck.toml").write_text('cache-dir = "build/lint-cache"\n', encoding="utf-8")
    finish(infcheck(".", cwd=project))
    assert entries(project / "build" / "lint-cache")
    flagged = tmp_path / "flagged"
    finish(infcheck("--cache-dir", str(flagged), ".", cwd=project))
    assert entries(flagged)
    environment = tmp_path / "environment"
    process = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "-q", "."],
        cwd=project,
        capture_output=True,
        env={**os.environ, "INFCHECK_RESULT_CACHE": str(environment)},
        timeout=180,
    )
    assert process.returncode == 1
    assert entries(environment)
    assert not (project / ".infcheck_cache").exists()


def test_a_change_to_a_file_a_rule_read_besides_the_checked_one_invalidates(tmp_path):
    """FW015 compares versions with a baseline INF: its stored findings hold only while the baseline is unchanged."""
    sample = (FIXTURES / "firmware" / "capsule.inf").read_text(encoding="utf-8")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "capsule.inf").write_text(sample, encoding="utf-8")
    (project / "previous.inf").write_text(sample, encoding="utf-8")
    (project / "infcheck.toml").write_text(
        '[rules.FW015]\nbaseline = "previous.inf"\n[per-file-ignores]\n"previous.inf" = ["FW015"]\n', encoding="utf-8"
    )
    cache = tmp_path / "cache"

    def fw015() -> list[tuple]:
        return [found for found in report(project, cache) if found[0] == "FW015"]

    assert len(fw015()) == 2  # the same versions as the baseline: both must grow
    assert plant_marker(cache) > 0
    assert markers(fw015()) == 2  # unchanged: answered from the cache
    older = sample.replace("FirmwareVersion,%REG_DWORD%,0x00000002", "FirmwareVersion,%REG_DWORD%,0x00000001")
    (project / "previous.inf").write_text(older.replace(",2.0.0.0", ",1.0.0.0"), encoding="utf-8")
    assert fw015() == []  # the baseline changed: checked again, and now the versions grew


def test_package_findings_follow_the_folder_when_the_inf_is_answered_from_the_cache(tmp_path):
    """The INF's own findings come from the cache, but a file added to its folder still counts."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "firmware" / "capsule.inf", project / "capsule.inf")
    cache = tmp_path / "cache"

    def package_codes() -> list[str]:
        return [found[0] for found in report(project, cache) if found[0].startswith("PKG")]

    assert package_codes() == ["PKG001"]  # the payload the INF copies is not in the folder
    assert entries(cache)
    assert package_codes() == ["PKG001"]  # the second run: the INF's entry (and its facts) from the cache
    (project / "firmware.bin").write_bytes(b"payload")
    assert package_codes() == []


def test_facts_that_cannot_be_read_back_mean_a_fresh_check(tmp_path):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "firmware" / "capsule.inf", project / "capsule.inf")
    cache = tmp_path / "cache"
    first = report(project, cache)
    for path in entries(cache):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["facts"]["copies"] = [["not", "a", "copied", "file"]]
        path.write_text(json.dumps(entry), encoding="utf-8")
    assert report(project, cache) == first
    rewritten = [json.loads(path.read_text(encoding="utf-8")) for path in entries(cache)]
    assert [len(entry["facts"]["copies"][0]) for entry in rewritten] == [8]
