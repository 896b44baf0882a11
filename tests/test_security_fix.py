"""SECURITY.md, "--fix": it writes only what it read, inside the tree, and keeps what the file was.

The cases that swap the file while it is checked patch ``runner.check_one`` in
the checking process, as tests/test_fix_safety.py does, so the swap lands
between the read and the write every time.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from infcheck.fixes import FixRefused, write_fixed

CHID = "c4159f74-3d2c-526f-b6d1-fe24a2fbc881"
FIXABLE = f'[Version]\r\nSignature = "$Windows NT$"\r\nCatalogFile = a.cat\r\n[TargetComputers]\r\n{CHID}\r\n'
FIXED = FIXABLE.replace(CHID, "{" + CHID + "}")

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files: FIFOs, links and modes")

_SWAP_WHILE_CHECKING = """
import os
from pathlib import Path
from infcheck import runner
real_check_one = runner.check_one
def check_one(data, display, *rest):
    result = real_check_one(data, display, *rest)
    os.unlink(display)
    {action}
    return result
runner.check_one = check_one
"""


def run(*args: str, cwd: Path, patch: str = "") -> subprocess.CompletedProcess:
    program = f"import sys\n{patch}\nfrom infcheck.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    result = subprocess.run([sys.executable, "-c", program, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def repository(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    (tree / ".git").mkdir(parents=True)
    return tree


@posix_only
@pytest.mark.parametrize(
    "action",
    [
        "os.mkfifo(display)",
        "os.mkfifo('pipe'); os.symlink('pipe', display)",
        "Path(display).write_bytes(bytes(1 << 20))",
    ],
    ids=["fifo", "link-to-fifo", "grown"],
)
def test_the_changed_on_disk_check_never_blocks_or_reads_without_bound(tmp_path, action):
    (tmp_path / "a.inf").write_text(FIXABLE, newline="")
    result = run(
        "check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path, patch=_SWAP_WHILE_CHECKING.format(action=action)
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["infcheck: a.inf: changed on disk while it was checked; not fixed"]


@posix_only
def test_a_file_swapped_for_a_link_to_a_device_is_never_read(tmp_path):
    (tmp_path / "a.inf").write_text(FIXABLE, newline="")
    swap = _SWAP_WHILE_CHECKING.format(action="os.symlink('/dev/zero', display)")
    result = run("check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path, patch=swap)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"infcheck: a.inf: not fixed: it is a symbolic link to /dev/zero, outside {tmp_path.resolve()}"
    ]


@posix_only
def test_fix_refuses_a_symbolic_link_out_of_the_tree(tmp_path):
    tree = repository(tmp_path)
    outside = tmp_path / "elsewhere.inf"
    outside.write_text(FIXABLE, newline="")
    (tree / "linked.inf").symlink_to(outside)
    named = run("check", "linked.inf", "--fix", "--select", "TGT001", cwd=tree)
    assert named.returncode == 2
    assert named.stderr.splitlines() == [
        f"infcheck: linked.inf: not fixed: it is a symbolic link to {outside.resolve()}, outside {tree.resolve()}"
    ]
    walked = run("check", ".", "--fix", "--select", "TGT001", cwd=tree)
    assert walked.returncode == 2
    assert walked.stderr.splitlines() == [
        f"infcheck: linked.inf: not checked: a symbolic link to a file outside {tree.resolve()}"
    ]
    assert outside.read_bytes() == FIXABLE.encode()


@posix_only
def test_fix_follows_a_symbolic_link_inside_the_tree(tmp_path):
    tree = repository(tmp_path)
    (tree / "shared").mkdir()
    target = tree / "shared" / "device.inf"
    target.write_text(FIXABLE, newline="")
    (tree / "device.inf").symlink_to("shared/device.inf")
    result = run("check", "device.inf", "--fix", "--select", "TGT001", cwd=tree)
    assert result.returncode == 0, result.stderr
    assert (tree / "device.inf").is_symlink()
    assert target.read_bytes() == FIXED.encode()


@posix_only
def test_fix_keeps_special_mode_bits_and_extended_attributes(tmp_path):
    inf = tmp_path / "a.inf"
    inf.write_text(FIXABLE, newline="")
    os.chmod(inf, 0o2664)
    try:
        os.setxattr(inf, "user.infcheck-test", b"kept")
        has_attributes = True
    except (AttributeError, OSError):
        has_attributes = False
    result = run("check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert inf.read_bytes() == FIXED.encode()
    assert stat.S_IMODE(inf.stat().st_mode) == 0o2664
    if has_attributes:
        assert os.getxattr(inf, "user.infcheck-test") == b"kept"


@posix_only
def test_fix_refuses_a_read_only_file(tmp_path):
    inf = tmp_path / "a.inf"
    inf.write_text(FIXABLE, newline="")
    inf.chmod(0o444)
    result = run("check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["infcheck: a.inf: not fixed: it is read-only"]
    assert inf.read_bytes() == FIXABLE.encode()


@posix_only
def test_fix_refuses_another_users_file(tmp_path, monkeypatch):
    inf = tmp_path / "a.inf"
    inf.write_text(FIXABLE, newline="")
    someone_else = inf.stat().st_uid + 1
    monkeypatch.setattr(os, "geteuid", lambda: someone_else)
    with pytest.raises(FixRefused, match="belongs to another user"):
        write_fixed(inf, FIXABLE.encode(), FIXED.encode())
    assert inf.read_bytes() == FIXABLE.encode()
