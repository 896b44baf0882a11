"""Commit-time checking in real git repositories: the plain git hook and the pre-commit framework."""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPOSITORY

GOOD = (FIXTURES / "demo" / "contoso_sensor.inf").read_text(encoding="utf-8")
BAD_ASCII = GOOD.replace("ACPI\\CTSO0001, ACPI\\VEN_CTSO&DEV_0001", "PCI\\VEN_8086&DEV_1234")
BAD_CHIDS = GOOD.replace("[Manufacturer]", "[TargetComputers]\nc4159f74-3d2c-526f-b6d1-fe24a2fbc881\n\n[Manufacturer]")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repository: Path, *args: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=repository, capture_output=True, text=True, check=check, env=env, timeout=600
    )


def new_repository(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "tester@example.invalid")
    git(folder, "config", "user.name", "Tester")
    git(folder, "config", "commit.gpgsign", "false")
    return folder


def write_utf16(path: Path, text: str) -> None:
    path.write_bytes(codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"))


def infcheck_command() -> str:
    script = Path(sys.executable).parent / ("infcheck.exe" if os.name == "nt" else "infcheck")
    if not script.exists():
        pytest.skip("the infcheck console script is not installed next to this Python")
    return str(script)


def test_plain_git_hook_checks_the_staged_versions(tmp_path):
    repository = new_repository(tmp_path / "drivers")
    hooks = Path(git(repository, "rev-parse", "--git-path", "hooks").stdout.strip())
    hook = repository / hooks / "pre-commit"
    shutil.copy(REPOSITORY / "hooks" / "pre-commit", hook)
    hook.chmod(0o755)
    environment = {**os.environ, "INFCHECK": infcheck_command()}

    # These INF files stand without their packages (no binaries, one catalog name): the package rules stay out.
    (repository / "infcheck.toml").write_text('ignore = ["PKG"]\n')
    (repository / "good.inf").write_text(GOOD)
    (repository / "bad.inf").write_text(BAD_ASCII)
    write_utf16(repository / "wide.inf", BAD_CHIDS)
    git(repository, "add", ".")
    blocked = git(repository, "commit", "-m", "drivers", check=False, env=environment)
    assert blocked.returncode != 0
    output = blocked.stdout + blocked.stderr
    assert "bad.inf:27:32: PUB004" in output
    assert "wide.inf:24:1: TGT001" in output
    assert "good.inf" not in output

    # Fixed in the working tree but not staged: the staged versions still block the commit.
    (repository / "bad.inf").write_text(GOOD)
    write_utf16(repository / "wide.inf", GOOD)
    assert git(repository, "commit", "-m", "drivers", check=False, env=environment).returncode != 0

    git(repository, "add", ".")
    allowed = git(repository, "commit", "-m", "drivers", check=False, env=environment)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


def _hook_repository(folder: Path) -> tuple[Path, str]:
    """This checkout's current files, committed in a repository pre-commit can install from."""
    listed = git(REPOSITORY, "ls-files", "-co", "--exclude-standard", "-z").stdout.split("\0")
    for name in filter(None, listed):
        source = REPOSITORY / name
        if source.is_file():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    new_repository(folder)
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "infcheck under test")
    return folder, git(folder, "rev-parse", "HEAD").stdout.strip()


@pytest.mark.skipif(
    shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None and shutil.which("pre-commit") is None,
    reason="pre-commit is not installed",
)
@pytest.mark.slow
def test_pre_commit_framework_hooks(tmp_path):
    hook_repository, revision = _hook_repository(tmp_path / "infcheck")
    repository = new_repository(tmp_path / "drivers")
    (repository / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repository.as_posix()}\n    rev: {revision}\n    hooks:\n      - id: infcheck-fix\n      - id: infcheck\n"
    )
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run(
        [pre_commit, "install"], cwd=repository, check=True, capture_output=True, env=environment, timeout=120
    )

    # These INF files stand without their packages (no binaries, one catalog name): the package rules stay out.
    (repository / "infcheck.toml").write_text('ignore = ["PKG"]\n')
    (repository / "good.inf").write_text(GOOD)
    (repository / "bad.inf").write_text(BAD_ASCII)
    write_utf16(repository / "wide.inf", BAD_CHIDS)
    # SECURITY.md: a file name is never read as an option (here it would send the report over victim.inf).
    (repository / "victim.inf").write_text(GOOD)
    (repository / "--output=victim.inf").write_text(BAD_ASCII)
    git(repository, "add", ".")
    blocked = git(repository, "commit", "-m", "drivers", check=False, env=environment)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert (repository / "victim.inf").read_text() == GOOD
    assert "--output=victim.inf:27:32: PUB004" in output
    assert "bad.inf:27:32: PUB004" in output
    assert "files were modified by this hook" in output  # infcheck-fix braced the CHID in the UTF-16 file
    fixed = (repository / "wide.inf").read_bytes()
    assert fixed.startswith(codecs.BOM_UTF16_LE)
    assert "{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}\r\n" in fixed[2:].decode("utf-16-le")

    (repository / "bad.inf").write_text(GOOD)
    (repository / "--output=victim.inf").write_text(GOOD)
    git(repository, "add", ".")
    allowed = git(repository, "commit", "-m", "drivers", check=False, env=environment)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


@pytest.mark.skipif(
    shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None and shutil.which("pre-commit") is None,
    reason="pre-commit is not installed",
)
@pytest.mark.slow
def test_readme_pre_commit_config_after_autoupdate_freeze(tmp_path):
    hook_repository, revision = _hook_repository(tmp_path / "infcheck")
    repository = new_repository(tmp_path / "drivers")
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    config = readme.split("```yaml\n# .pre-commit-config.yaml\n", 1)[1].split("```", 1)[0]
    config = config.replace("https://github.com/your-org/infcheck", hook_repository.as_posix())
    (repository / ".pre-commit-config.yaml").write_text(config)
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    subprocess.run(
        [pre_commit, "autoupdate", "--freeze"], cwd=repository, check=True, capture_output=True, env=environment
    )
    assert f"rev: {revision}\n" in (repository / ".pre-commit-config.yaml").read_text()
    (repository / "good.inf").write_text(GOOD)
    shutil.copyfile(FIXTURES / "demo" / "contoso_sensor.sys", repository / "contoso_sensor.sys")  # what it copies
    git(repository, "add", ".")
    ran = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=repository, capture_output=True, text=True, env=environment, timeout=600
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr


@pytest.mark.skipif(
    shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None and shutil.which("pre-commit") is None,
    reason="pre-commit is not installed",
)
@pytest.mark.slow
def test_pre_commit_repository_hook_checks_the_whole_tree(tmp_path):
    hook_repository, revision = _hook_repository(tmp_path / "infcheck")
    repository = new_repository(tmp_path / "drivers")
    (repository / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repository.as_posix()}\n    rev: {revision}\n    hooks:\n      - id: infcheck-repository\n"
    )
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    subprocess.run(
        [pre_commit, "install"], cwd=repository, check=True, capture_output=True, env=environment, timeout=120
    )
    # Two packages offering one hardware ID with the same rank: a tie, made an error here so that it
    # blocks the commit. Their binaries are not in the fixtures, so PKG001 stays out.
    (repository / "infcheck.toml").write_text('ignore = ["PKG001"]\n\n[rules.REPO001]\nseverity = "error"\n')
    for name in ("contoso", "fabrikam"):
        (repository / name).mkdir()
        shutil.copy2(FIXTURES / "rules" / "REPO001" / "fail_tie" / name / f"{name}.inf", repository / name)
    git(repository, "add", ".")
    blocked = git(repository, "commit", "-m", "drivers", check=False, env=environment)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "fabrikam/fabrikam.inf:14:21: REPO001 [error] hardware ID 'PCI\\VEN_1234&DEV_5678&SUBSYS_00011234'" in output
    assert "ties with contoso/contoso.inf" in output

    fabrikam = repository / "fabrikam" / "fabrikam.inf"
    fabrikam.write_text(fabrikam.read_text().replace("03/01/2026,1.0.0.0", "03/02/2026,1.0.0.1"))
    git(repository, "add", ".")
    allowed = git(repository, "commit", "-m", "drivers", check=False, env=environment)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
