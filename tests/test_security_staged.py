"""SECURITY.md, "Commit hooks": ``--staged`` checks exactly what the commit records.

Staged files are read by object id, so no file name is taken as git revision
syntax; symbolic links are not followed into their targets; and a staged plan
is checked against the staged INF files it names.
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

GOOD = (FIXTURES / "demo" / "contoso_sensor.inf").read_text(encoding="utf-8")
BAD = GOOD.replace("[Manufacturer]", "[Manufacturer]\n%M% = Missing")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repository: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repository, check=True, capture_output=True, timeout=60)


def new_repository(folder: Path) -> Path:
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "tester@example.invalid")
    git(folder, "config", "user.name", "Tester")
    git(folder, "config", "commit.gpgsign", "false")
    return folder


def check_staged(repository: Path, *arguments: str) -> tuple[int, list[tuple[str, str]]]:
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--staged", "--format", "json", *arguments],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, sorted({(row["path"], row["code"]) for row in json.loads(result.stdout or "[]")})


def test_names_that_look_like_revisions_are_checked_as_themselves(tmp_path):
    repository = new_repository(tmp_path)
    (repository / "x.inf").write_text(GOOD)
    for name in ("0:x.inf", "1:y.inf", "2:z.inf", "HEAD:w.inf"):
        (repository / name).write_text(BAD)
    git(repository, "add", ".")
    status, found = check_staged(repository, "--select", "INF301")
    assert status == 1
    assert found == [("0:x.inf", "INF301"), ("1:y.inf", "INF301"), ("2:z.inf", "INF301"), ("HEAD:w.inf", "INF301")]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_symbolic_links_are_not_followed_and_a_type_change_is_checked(tmp_path):
    repository = new_repository(tmp_path)
    (repository / "target.txt").write_text(BAD)
    os.symlink("target.txt", repository / "alias.inf")
    os.symlink("target.txt", repository / "became-file.inf")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "links")
    assert check_staged(repository, "--select", "INF301") == (0, [])

    # A symbolic link staged as a regular file: a type change, which the commit records.
    (repository / "became-file.inf").unlink()
    (repository / "became-file.inf").write_text(BAD)
    (repository / "new-link.inf").symlink_to("target.txt")
    git(repository, "add", ".")
    assert check_staged(repository, "--select", "INF301") == (1, [("became-file.inf", "INF301")])


def test_a_staged_plan_reads_the_staged_inf_files(tmp_path):
    repository = new_repository(tmp_path)
    (repository / "drivers").mkdir()
    (repository / "drivers" / "a.inf").write_text(GOOD)
    (repository / "publish.toml").write_text('[[submission]]\nid = "a"\ninf = "drivers/a.inf"\n')
    git(repository, "add", ".")
    # Gone from the working tree, still in the commit: the plan's INF is found.
    (repository / "drivers" / "a.inf").unlink()
    assert check_staged(repository, "--select", "SHP013") == (0, [])

    # In the working tree but not staged: the commit would not hold it.
    (repository / "drivers" / "a.inf").write_text(GOOD)
    git(repository, "rm", "-q", "--cached", "drivers/a.inf")
    assert check_staged(repository, "--select", "SHP013") == (1, [("publish.toml", "SHP013")])
