"""The package and repository rules' findings kept in the result cache never change an answer.

A tree of real packages (PE images included) is checked with the cache, changed, and checked
again; every answer must equal a check without the cache, and a marker planted in the stored
package findings shows only while nothing they depend on has changed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES
from packages import build_package, pe_image

from infcheck.runner import CheckOptions, check_paths

MARKER = "planted in the package cache"
PACKAGES = {
    "wrong_machine": FIXTURES / "rules" / "PKG002" / "fail_wrong_machine",
    "missing": FIXTURES / "rules" / "PKG001" / "fail_missing",
    "misspelled": FIXTURES / "rules" / "PKG001" / "fail_misspelled",
    "letter_case": FIXTURES / "rules" / "PKG001" / "pass_letter_case",
    "tie": FIXTURES / "rules" / "REPO001" / "fail_tie",
}


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "tree"
    (root / ".git").mkdir(parents=True)
    for name, fixture in PACKAGES.items():
        build_package(fixture, root / name)
    monkeypatch.chdir(root)
    return root


def report(cache: Path | None, **options) -> list[tuple]:
    run = check_paths(["."], CheckOptions(cache_folder=cache, jobs=options.pop("jobs", 1), **options))
    assert run.errors == []
    return [tuple(diagnostic) for diagnostic in run.diagnostics]


def derived_entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("derived-*/*/*.json"))


def plant_marker(cache: Path) -> int:
    """Replace every stored package and repository finding's message with MARKER; how many were changed."""
    changed = 0
    for path in derived_entries(cache):
        entry = json.loads(path.read_text(encoding="utf-8"))
        for findings in entry["findings"].values():
            for finding in findings:
                finding[3] = MARKER
                changed += 1
        path.write_text(json.dumps(entry), encoding="utf-8")
    return changed


def wider(found: list[tuple]) -> list[tuple]:
    return [diagnostic for diagnostic in found if diagnostic[0].startswith(("PKG", "REPO"))]


def without_messages(found: list[tuple]) -> list[tuple]:
    return [diagnostic[:3] + diagnostic[4:] for diagnostic in found]


def assert_answer(found: list[tuple], expected: list[tuple]) -> None:
    """``found`` is ``expected``, but for the messages the marker replaced."""
    assert without_messages(found) == without_messages(expected)
    assert [d for d in found if d[3] != MARKER] == [e for d, e in zip(found, expected, strict=True) if d[3] != MARKER]


def markers(found: list[tuple]) -> list[str]:
    return sorted(diagnostic[6] for diagnostic in found if diagnostic[3] == MARKER)


def test_a_second_run_answers_the_package_rules_from_the_cache(tree: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    fresh = report(None)
    assert {d[0] for d in wider(fresh)} >= {"PKG001", "PKG002", "REPO001"}
    assert report(cache) == fresh
    assert derived_entries(cache)
    assert report(cache) == fresh
    assert plant_marker(cache) > 0
    again = report(cache)
    assert len(markers(again)) == len(wider(fresh))  # every package finding came from the cache
    assert_answer(again, fresh)


@pytest.mark.parametrize(
    "change",
    [
        "remove_image",
        "add_missing_file",
        "other_machine_same_size",
        "rename_letter_case",
        "image_made_unreadable",
        "folder_replaced_by_file",
    ],
)
def test_a_change_in_a_package_folder_invalidates_its_findings(tree: Path, tmp_path: Path, change: str):
    cache = tmp_path / "cache"
    report(cache)
    plant_marker(cache)
    if change == "remove_image":
        (tree / "wrong_machine" / "arm64" / "contoso.sys").unlink()
        changed = "wrong_machine"
    elif change == "add_missing_file":
        missing = [d for d in wider(report(None)) if d[6].startswith("missing/")]
        assert missing
        for path in tree.joinpath("missing").glob("*.inf"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for name in ("contoso.sys", "contoso.dll", "contoso_helper.dll"):
                if name in text.lower():
                    (tree / "missing" / name).write_bytes(pe_image("amd64"))
        changed = "missing"
    elif change == "other_machine_same_size":
        image = tree / "wrong_machine" / "arm64" / "contoso.sys"
        stat = image.stat()
        image.write_bytes(pe_image("arm64"))
        os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same size and time: only the bytes differ
        changed = "wrong_machine"
    elif change == "rename_letter_case":
        image = next((tree / "letter_case").rglob("*.sys"))
        image.rename(image.with_name(image.name.upper() + "X"))
        changed = "letter_case"
    elif change == "image_made_unreadable":
        if hasattr(os, "getuid") and os.getuid() == 0:
            image = tree / "wrong_machine" / "arm64" / "contoso.sys"
            image.unlink()
            image.mkdir()  # root reads every file: a folder in its place cannot be read either
        else:
            (tree / "wrong_machine" / "arm64" / "contoso.sys").chmod(0)
        changed = "wrong_machine"
    else:
        folder = tree / "wrong_machine" / "arm64"
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        folder.write_bytes(b"not a folder")
        changed = "wrong_machine"
    found = report(cache)
    assert_answer(found, report(None))
    # Only the changed folder's package findings (and the whole pass's entry) were worked out again;
    # the repository rules' findings stand, as they read no folder.
    assert not [d for d in found if d[3] == MARKER and d[0].startswith("PKG") and d[6].startswith(changed + "/")]
    assert markers(found), "the other folders' findings still come from the cache"


def test_a_changed_inf_is_judged_again_with_the_others(tree: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    fresh = report(cache)
    ties = [d for d in fresh if d[0] == "REPO001"]
    assert ties
    plant_marker(cache)
    inf = tree / "tie" / "fabrikam" / "fabrikam.inf"
    text = inf.read_text(encoding="utf-8")
    inf.write_text(text.replace("DriverVer", "DriverVer = 12/31/2030,9.9.9.9\n;DriverVer", 1), encoding="utf-8")
    found = report(cache)
    assert_answer(found, report(None))
    # Every INF takes part in the repository rules: they judged the tree again; the changed INF's
    # folder was judged again; the other folders' package findings came from the cache.
    assert not [d for d in found if d[3] == MARKER and (d[0].startswith("REPO") or d[6].startswith("tie/fabrikam/"))]
    assert [d for d in found if d[3] == MARKER and d[0].startswith("PKG")]


def test_selection_and_trees_key_the_package_findings(tree: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    report(cache)
    plant_marker(cache)
    only = report(cache, select={"PKG002"})
    assert not markers(only)
    assert only == report(None, select={"PKG002"})
    run = check_paths(
        ["tie/contoso/contoso.inf", "tie/fabrikam/fabrikam.inf"], CheckOptions(cache_folder=cache, jobs=1)
    )
    assert not [d for d in run.diagnostics if d.code == "REPO001"]  # files named one by one are not a tree


def test_a_damaged_package_entry_is_ignored_and_rewritten(tree: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    fresh = report(cache)
    for number, path in enumerate(derived_entries(cache)):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if number % 3 == 0:
            path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")
        elif number % 3 == 1:
            entry["folders"] = [["wrong_machine", [["image", "arm64/contoso.sys", 7]]]]
            path.write_text(json.dumps(entry), encoding="utf-8")
        else:
            entry["findings"] = {"x.inf": [["PKG001", "n", "error", "m", [1, 1, 1], None, "x.inf"]]}
            path.write_text(json.dumps(entry), encoding="utf-8")
    assert report(cache) == fresh
    assert report(cache) == fresh


def test_workers_and_two_processes_give_the_answer_without_the_cache(tree: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    fresh = report(None)
    assert report(cache, jobs=2) == fresh
    command = [sys.executable, "-m", "infcheck", "check", "--format", "json", "--cache-dir", str(cache / "two"), "."]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, env=environment) for _ in range(2)]
    outputs = [process.communicate()[0] for process in processes]
    alone = subprocess.run([*command[:-3], "--no-cache", "."], capture_output=True, env=environment).stdout
    assert outputs == [alone, alone]
    assert b"PKG002" in alone


def test_a_run_answered_from_the_cache_loads_no_rule(tree: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    report(cache)
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from infcheck.runner import CheckOptions, check_paths\n"
        f"run = check_paths(['.'], CheckOptions(cache_folder=Path({str(cache)!r}), jobs=1))\n"
        "assert any(d.code == 'PKG002' for d in run.diagnostics)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('infcheck.engine', 'infcheck.rules', 'lark', 'pefile',"
        " 'infcheck.wider', 'infcheck.index', 'infcheck.package_model'))))\n"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=environment)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
