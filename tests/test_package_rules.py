"""The package and repository rules against real packages and git histories built in tmp_path.

Each ``tests/fixtures/rules/<CODE>/{fail,pass}_<name>/`` folder is laid out by
``tests/packages.py`` (PE images written, a git history made from its ``before/`` folder)
and checked on disk with only ``<CODE>`` selected, and with ``--since`` when it has a history.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, expectations
from packages import build_package, git, pe_image

from infcheck.decode import decode
from infcheck.pe import read_image_headers
from infcheck.rules import RULES
from infcheck.runner import CheckOptions, check_paths
from infcheck.wider import PackageFolder, SinceError, SinceRevision

RULE_FIXTURES = FIXTURES / "rules"
WIDER_CODES = {rule.code for rule in RULES if rule.scope in ("package", "repository")}


def package_fixtures() -> list[Path]:
    return sorted(path for code in sorted(WIDER_CODES) for path in (RULE_FIXTURES / code).iterdir() if path.is_dir())


def expected_in(tree: Path, code: str) -> list[tuple[str, int, int, str]]:
    found = []
    for inf in sorted(tree.rglob("*.inf")):
        if "before" in inf.relative_to(tree).parts:
            continue
        text, _ = decode(inf.read_bytes())
        relative = inf.relative_to(tree).as_posix()
        found += [(relative, line, column, item) for line, column, item in expectations(text) if item == code]
    return sorted(found)


def check_tree(tree: Path, code: str, since: str | None) -> list[tuple[str, int, int, str]]:
    run = check_paths(["."], CheckOptions(select={code}, since=since, jobs=1))
    assert run.errors == []
    return sorted((d.path, d.span.line, d.span.column, d.code) for d in run.diagnostics)


@pytest.mark.parametrize("fixture", package_fixtures(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_package_fixture(fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    code = fixture.parent.name
    tree = tmp_path / "tree"
    expected = expected_in(fixture, code)
    if fixture.name.startswith("fail"):
        assert expected, "a fail fixture must expect at least one diagnostic"
    else:
        assert not expected, "a pass fixture expects nothing"
    since = build_package(fixture, tree)
    monkeypatch.chdir(tree)
    assert check_tree(tree, code, since) == expected


def test_pe_images_made_here_have_each_machine_type(tmp_path: Path):
    for machine, number in (("x86", 0x14C), ("amd64", 0x8664), ("arm64", 0xAA64)):
        image = tmp_path / f"{machine}.sys"
        image.write_bytes(pe_image(machine))
        headers = read_image_headers(image)
        assert (headers.machine, headers.subsystem) == (number, 1)
        assert headers.runs_on(machine)
        assert not headers.runs_on("arm64" if machine != "arm64" else "amd64")


def _package(tmp_path: Path, names: list[str]) -> PackageFolder:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    return PackageFolder(tmp_path, [])


def test_files_are_found_in_any_letter_case(tmp_path: Path):
    package = _package(tmp_path, ["AMD64/Contoso.SYS"])
    assert package.locate("amd64/contoso.sys") == "AMD64/Contoso.SYS"
    assert package.locate("arm64/contoso.sys") is None


def test_the_nearest_name_prefers_a_typo_in_place_then_the_same_name_elsewhere(tmp_path: Path):
    package = _package(tmp_path, ["amd64/contoso.sys", "arm64/contosso.sys", "x86/other.dll"])
    assert package.nearest("arm64/contoso.sys") == "arm64/contosso.sys"
    assert package.nearest("x86/contoso.sys") == "amd64/contoso.sys"
    assert package.nearest("x86/unrelated.cat") is None


def test_a_missing_revision_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SinceError, match="no revision 'nope'"):
        SinceRevision("nope")
    with pytest.raises(SinceError, match="not a revision"):
        SinceRevision("--output=x")


def test_since_checks_only_the_packages_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fixture = RULE_FIXTURES / "REPO004" / "fail_unchanged"
    tree = tmp_path / "tree"
    (tree / "unchanged").mkdir(parents=True)
    git(tree, "init", "-q")
    (tree / "unchanged" / "other.inf").write_bytes((fixture / "before" / "contoso.inf").read_bytes())
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "first")
    (tree / "changed").mkdir()
    (tree / "changed" / "contoso.inf").write_bytes((fixture / "contoso.inf").read_bytes())
    monkeypatch.chdir(tree)
    run = check_paths(["."], CheckOptions(select={"INF103"}, since="HEAD", jobs=1))
    assert [result.path for result in run.files] == ["changed/contoso.inf"]


def test_previous_index_gives_rules_the_inf_at_the_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fixture = RULE_FIXTURES / "REPO004" / "fail_version_lowered"
    tree = tmp_path / "tree"
    since = build_package(fixture, tree)
    monkeypatch.chdir(tree)
    revision = SinceRevision(since or "")
    previous = revision.previous(Path("contoso.inf"), "contoso.inf")
    assert previous is not None
    assert [v.resolved for v in previous.index().version.get("driverver").values] == ["03/01/2026", "1.2.0.0"]
    assert revision.previous(Path("absent.inf"), "absent.inf") is None


def test_standard_input_runs_no_package_rule(tmp_path: Path):
    data = (RULE_FIXTURES / "PKG001" / "fail_missing" / "contoso.inf").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "-", "--select", "PKG,REPO"],
        input=data,
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, b"")


def test_cli_since_a_missing_revision_exits_2_with_one_line(tmp_path: Path):
    git(tmp_path, "init", "-q")
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--since", "v9.9", "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no revision 'v9.9'" in result.stderr


def test_a_plain_check_never_imports_pefile(tmp_path: Path):
    code = (
        "import sys\n"
        "from infcheck.cli import main\n"
        f"main(['check', '-q', {str(RULE_FIXTURES / 'PKG001' / 'fail_missing')!r}])\n"
        "print('pefile' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "False"


def test_package_rules_run_in_worker_processes_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    tree = tmp_path / "tree"
    fixture = RULE_FIXTURES / "PKG001" / "fail_misplaced"
    for number in range(20):
        build_package(fixture, tree / f"p{number:02}")
    monkeypatch.chdir(tree)
    one = check_paths(["."], CheckOptions(select={"PKG001"}, jobs=1))
    two = check_paths(["."], CheckOptions(select={"PKG001"}, jobs=2))
    assert len(one.diagnostics) == 20
    assert two.diagnostics == one.diagnostics


def test_a_fixed_package_is_clean_on_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Package findings depend on other files than the INF: they are worked out again on every run.
    tree = tmp_path / "tree"
    build_package(RULE_FIXTURES / "PKG001" / "fail_misplaced", tree)
    monkeypatch.chdir(tree)
    assert [d.code for d in check_paths(["."], CheckOptions(select={"PKG001"}, jobs=1)).diagnostics] == ["PKG001"]
    (tree / "amd64" / "contoso.sys").rename(tree / "contoso.sys")
    assert check_paths(["."], CheckOptions(select={"PKG001"}, jobs=1)).diagnostics == []


def test_suppression_comments_apply_to_repository_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    tree = tmp_path / "tree"
    build_package(RULE_FIXTURES / "REPO001" / "fail_tie", tree)
    later = tree / "fabrikam" / "fabrikam.inf"
    later.write_bytes(later.read_bytes().replace(b"; expect: REPO001@21", b"; noqa: REPO001"))
    monkeypatch.chdir(tree)
    assert check_paths(["."], CheckOptions(select={"REPO001"}, jobs=1)).diagnostics == []


@pytest.mark.parametrize("machine", ["x86", "amd64", "arm64"])
@pytest.mark.parametrize("subsystem", ["native", "gui"])
def test_the_quick_header_read_agrees_with_pefiles_whole_parse(machine: str, subsystem: str):
    # infcheck/pe.py reads the two fields from three headers itself instead of pefile.PE's
    # dozens; this pins that what it reads is what pefile.PE gives.
    import pefile

    from infcheck.pe import _read_headers

    image = pe_image(machine, subsystem)
    whole = pefile.PE(data=image, fast_load=True)
    assert _read_headers(image) == (whole.FILE_HEADER.Machine, whole.OPTIONAL_HEADER.Subsystem)
    assert _read_headers(b"MZ" + bytes(100)) is None
    # Cut short anywhere in the headers pefile's structures read, the image is left to pefile's
    # whole parse (which says what is wrong); from their end on, the quick read gives the same.
    headers_end = 0x40 + 4 + 20 + (112 if machine != "x86" else 96)
    assert all(_read_headers(image[:end]) is None for end in range(headers_end))
    assert _read_headers(image[:headers_end]) == _read_headers(image)


@pytest.mark.parametrize("use_cache", [False, True], ids=["parsed", "from-cache"])
@pytest.mark.parametrize("changed", ["contoso", "fabrikam"])
def test_since_finds_a_tie_with_a_package_that_did_not_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str, use_cache: bool
):
    """The unchanged package is not checked, but a changed one that ties with it is reported, in the
    changed package's INF, whichever comes first in path order; two unchanged packages are left alone."""
    tree = tmp_path / "tree"
    fixture = RULE_FIXTURES / "REPO001" / "fail_tie"
    for name in ("contoso", "fabrikam"):
        for copy in ("", "_old"):
            (tree / f"{name}{copy}").mkdir(parents=True)
            (tree / f"{name}{copy}" / f"{name}{copy}.inf").write_bytes((fixture / name / f"{name}.inf").read_bytes())
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "first")
    (tree / changed / "readme.txt").write_text("a new file in the package\n", encoding="utf-8")
    monkeypatch.chdir(tree)
    cache = tmp_path / "cache" if use_cache else None
    if cache is not None:
        check_paths(["."], CheckOptions(select={"REPO001"}, jobs=1, cache_folder=cache))  # facts of every INF kept
    run = check_paths(["."], CheckOptions(select={"REPO001"}, since="HEAD", jobs=1, cache_folder=cache))
    assert run.errors == []
    assert [result.path for result in run.files] == [f"{changed}/{changed}.inf"]
    found = [(d.path, d.span.line, d.span.column, d.code) for d in run.diagnostics]
    assert found == [(f"{changed}/{changed}.inf", 14, 21, "REPO001")]
    assert "ties with contoso" in run.diagnostics[0].message
