"""``--fix`` never damages a file: only the bytes of its edits change, a crash leaves the
original whole, and a file that changed on disk after it was read is not written.

``tests/test_fixes.py`` covers applying edits in the library; here the real
command line fixes real files, and the writing is interrupted in every way a
process can be.
"""

from __future__ import annotations

import codecs
import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_hostile_inputs import _without_file_permission_override

from infcheck import fixes
from infcheck.fixes import write_atomically

CHID = "c4159f74-3d2c-526f-b6d1-fe24a2fbc881"


def run(*args: str, cwd: Path, preexec_fn=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", *args], cwd=cwd, capture_output=True, timeout=120, preexec_fn=preexec_fn
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    return result


def run_patched(patch: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command line in a process where ``patch`` (Python source) ran first."""
    program = f"import sys\n{patch}\nfrom infcheck.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", program, *args], cwd=cwd, capture_output=True, timeout=120)


def fixable_text(newlines: list[str]) -> str:
    """An INF with two safe fixes (a bare CHID, FeatureScore xF6) between lines that must not move."""
    lines = [
        "; Gerät für Contoso",
        "[Version]",
        'Signature = "$Windows NT$"',
        "CatalogFile = a.cat",
        "[TargetComputers]",
        CHID,
        "[Install]",
        "FeatureScore = xF6 ; keep this comment",
        "",
    ]
    return "".join(line + newlines[number % len(newlines)] for number, line in enumerate(lines))


def fixed_bytes(original: bytes, codec: str) -> bytes:
    """``original`` with exactly the bytes of the two edits replaced, worked out on bytes alone."""
    encoded = lambda text: text.encode(codec)
    return original.replace(encoded(CHID), encoded("{" + CHID + "}")).replace(encoded("= xF6"), encoded("= 0xF6"))


# Each form is stored exactly as its bytes say; what is around the edits must survive untouched.
STORED_FORMS = {
    "utf-16-le-bom-crlf-astral": lambda: (
        codecs.BOM_UTF16_LE + fixable_text(["\r\n"]).replace("Contoso", "Contoso \U0001f600").encode("utf-16-le")
    ),
    "utf-16-be-bom-mixed-newlines": lambda: (
        codecs.BOM_UTF16_BE + fixable_text(["\r\n", "\n", "\r"]).encode("utf-16-be")
    ),
    "utf-16-le-without-bom-lf": lambda: fixable_text(["\n"]).replace("Gerät für", "Device of").encode("utf-16-le"),
    "ansi-undefined-bytes-ctrl-z-no-final-newline": lambda: (
        fixable_text(["\r\n", "\r"]).encode("cp1252")[:-2] + b" ; \x81\x8d\x8f\x90\x9d\xe9\r\n\x1a"
    ),
    "utf-8-bom-lf": lambda: codecs.BOM_UTF8 + fixable_text(["\n"]).encode("utf-8"),
}
CODECS = {
    "utf-16-le-bom-crlf-astral": "utf-16-le",
    "utf-16-be-bom-mixed-newlines": "utf-16-be",
    "utf-16-le-without-bom-lf": "utf-16-le",
    "ansi-undefined-bytes-ctrl-z-no-final-newline": "cp1252",
    "utf-8-bom-lf": "utf-8",
}


@pytest.mark.parametrize("form", sorted(STORED_FORMS))
def test_fixing_changes_only_the_bytes_of_the_edits(tmp_path, form):
    original = STORED_FORMS[form]()
    inf = tmp_path / "a.inf"
    inf.write_bytes(original)
    result = run("check", "a.inf", "--fix", "--select", "TGT001,TGT006", "--format", "json", cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, b"[]")
    expected = fixed_bytes(original, CODECS[form])
    assert expected != original
    assert inf.read_bytes() == expected
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.inf"]


def test_a_diff_writes_nothing(tmp_path):
    original = STORED_FORMS["utf-16-le-bom-crlf-astral"]()
    inf = tmp_path / "a.inf"
    inf.write_bytes(original)
    before = inf.stat().st_mtime_ns
    result = run("check", "a.inf", "--diff", "--select", "TGT001,TGT006", cwd=tmp_path)
    assert result.returncode == 1
    assert f"+{{{CHID}}}" in result.stdout.decode()
    assert (inf.read_bytes(), inf.stat().st_mtime_ns) == (original, before)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_fixing_keeps_the_permissions_of_the_file(tmp_path):
    inf = tmp_path / "a.inf"
    inf.write_bytes(fixable_text(["\r\n"]).encode("cp1252"))
    inf.chmod(0o640)
    run("check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path)
    assert CHID.join("{}").encode() in inf.read_bytes()
    assert inf.stat().st_mode & 0o7777 == 0o640


# -- a crash while writing ---------------------------------------------------------------------


def _write_half_then(failure):
    """An ``os.write`` that writes half of what it is given, then fails with ``failure()``."""
    real_write = os.write

    def write(handle, data):
        real_write(handle, bytes(data[: len(data) // 2]))
        failure()

    return write


def _disk_full() -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("anonymous", [True, False], ids=["nameless-file", "named-temporary-file"])
def test_a_failure_mid_write_leaves_the_original_and_nothing_else(tmp_path, monkeypatch, anonymous):
    target = tmp_path / "a.inf"
    target.write_bytes(b"before")
    if not anonymous:
        monkeypatch.setattr(fixes, "_anonymous_file", lambda folder: None)
    monkeypatch.setattr(os, "write", _write_half_then(_disk_full))
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"after, and much longer than before")
    assert target.read_bytes() == b"before"
    assert [path.name for path in tmp_path.iterdir()] == ["a.inf"]


def test_the_new_bytes_reach_the_disk_before_they_replace_the_file(tmp_path, monkeypatch):
    target = tmp_path / "a.inf"
    target.write_bytes(b"before")
    calls = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda handle: (calls.append("fsync"), real_fsync(handle))[1])
    monkeypatch.setattr(
        os, "replace", lambda source, destination: (calls.append("replace"), real_replace(source, destination))[1]
    )
    write_atomically(target, b"after")
    assert calls == ["fsync", "replace"]
    assert target.read_bytes() == b"after"


@pytest.mark.skipif(
    not hasattr(os, "O_TMPFILE"), reason="only nameless files (Linux O_TMPFILE) leave nothing when killed"
)
def test_a_process_killed_mid_write_leaves_the_original_and_nothing_else(tmp_path):
    original = fixable_text(["\r\n"]).encode("cp1252")
    inf = tmp_path / "a.inf"
    inf.write_bytes(original)
    kill = (
        "import os, signal\n"
        "from infcheck import fixes\n"
        "real_write = os.write\n"
        "def write(handle, data):\n"
        "    real_write(handle, bytes(data[: len(data) // 2]))\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "fixes.os.write = write\n"
    )
    result = run_patched(kill, "check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path)
    assert result.returncode == -signal.SIGKILL
    assert inf.read_bytes() == original
    assert [path.name for path in tmp_path.iterdir()] == ["a.inf"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_folder_that_cannot_be_written_is_one_error_and_the_file_is_untouched(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    inf = folder / "a.inf"
    original = fixable_text(["\r\n"]).encode("cp1252")
    inf.write_bytes(original)
    folder.chmod(0o555)
    preexec = _without_file_permission_override if os.geteuid() == 0 else None
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "open('locked/probe', 'wb')"], cwd=tmp_path, capture_output=True, preexec_fn=preexec
        )
        if probe.returncode == 0:
            pytest.skip("this process may write into any folder, whatever its mode")
        result = run("check", "locked/a.inf", "--fix", "--select", "TGT001", cwd=tmp_path, preexec_fn=preexec)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == ["infcheck: locked/a.inf: cannot write the fixes: Permission denied"]
    assert result.stdout.decode().splitlines() == [
        f"locked/a.inf:6:1: TGT001 [error] CHID {CHID} must be wrapped in braces: {{{CHID}}}"
    ]
    assert inf.read_bytes() == original
    assert [path.name for path in folder.iterdir()] == ["a.inf"]


# -- the file changed after it was read --------------------------------------------------------

# Edits the file on disk after infcheck has read and checked it, before the fixes are written:
# what an editor saving the file at that moment would do.
_EDIT_WHILE_CHECKING = """
from pathlib import Path
from infcheck import runner
real_check_one = runner.check_one
def check_one(data, display, *rest):
    result = real_check_one(data, display, *rest)
    {action}
    return result
runner.check_one = check_one
"""


def test_a_file_edited_while_it_was_checked_is_not_written(tmp_path):
    original = fixable_text(["\r\n"]).encode("cp1252")
    edited = original.replace(b"a.cat", b"b.cat")
    inf = tmp_path / "a.inf"
    inf.write_bytes(original)
    action = f"Path(display).write_bytes({edited!r})"
    result = run_patched(
        _EDIT_WHILE_CHECKING.format(action=action), "check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path
    )
    assert result.returncode == 2
    assert inf.read_bytes() == edited
    # Nothing was fixed, so the report is of the file as it was read, problem included.
    assert result.stdout.decode().splitlines() == [
        f"a.inf:6:1: TGT001 [error] CHID {CHID} must be wrapped in braces: {{{CHID}}}"
    ]
    assert result.stderr.decode().splitlines() == ["infcheck: a.inf: changed on disk while it was checked; not fixed"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.inf"]


def test_a_file_deleted_while_it_was_checked_is_not_brought_back(tmp_path):
    inf = tmp_path / "a.inf"
    inf.write_bytes(fixable_text(["\r\n"]).encode("cp1252"))
    action = "Path(display).unlink()"
    result = run_patched(
        _EDIT_WHILE_CHECKING.format(action=action), "check", "a.inf", "--fix", "--select", "TGT001", cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == ["infcheck: a.inf: cannot write the fixes: No such file or directory"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("anonymous", [True, False], ids=["nameless-file", "named-temporary-file"])
def test_a_file_saved_by_someone_else_during_the_write_is_kept(tmp_path, monkeypatch, anonymous):
    target = tmp_path / "a.inf"
    target.write_bytes(b"before")
    if not anonymous:
        monkeypatch.setattr(fixes, "_anonymous_file", lambda folder: None)
    real_fsync = os.fsync

    def editor_saves_meanwhile(handle):
        real_fsync(handle)
        target.write_bytes(b"the editor's save")

    monkeypatch.setattr(os, "fsync", editor_saves_meanwhile)
    with pytest.raises(fixes.FileChanged):
        fixes.write_fixed(target, b"before", b"fixed")
    assert target.read_bytes() == b"the editor's save"
    assert [path.name for path in tmp_path.iterdir()] == ["a.inf"]
