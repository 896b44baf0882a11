"""SECURITY.md, "Command line": file names are never options, and worker processes stay bounded.

The worker cases run the real command line in a process where starting a
worker is patched (to count starts, or to fail as a process limit makes it
fail), so they hold as root too, whom the kernel's process limit exempts.
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

from infcheck import cpus

GOOD = FIXTURES / "demo" / "contoso_sensor.inf"

COUNT_WORKERS = (
    "import atexit, multiprocessing.process, sys\n"
    "started = []\n"
    "real_start = multiprocessing.process.BaseProcess.start\n"
    "def start(self):\n"
    "    started.append(self)\n"
    "    return real_start(self)\n"
    "multiprocessing.process.BaseProcess.start = start\n"
    "atexit.register(lambda: print(f'workers started: {len(started)}', file=sys.stderr))\n"
)

# The first worker starts; every other start fails as fork does at a process limit.
FAIL_AFTER_ONE_WORKER = (
    "import multiprocessing.process\n"
    "starts = []\n"
    "real_start = multiprocessing.process.BaseProcess.start\n"
    "def start(self):\n"
    "    starts.append(self)\n"
    "    if len(starts) > 1:\n"
    "        raise BlockingIOError(11, 'Resource temporarily unavailable')\n"
    "    return real_start(self)\n"
    "multiprocessing.process.BaseProcess.start = start\n"
)


def run_patched(patch: str, *args: str, cwd: Path, preexec_fn=None) -> subprocess.CompletedProcess:
    program = f"import sys\n{patch}\nfrom infcheck.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    result = subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec_fn,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def many_files(folder: Path, count: int = 40) -> Path:
    for number in range(count):
        shutil.copy(GOOD, folder / f"device{number:02}.inf")
    (folder / "device07.inf").write_text(
        GOOD.read_text(encoding="utf-8").replace("[Manufacturer]", "[Manufacturer]\n%M% = Missing")
    )
    return folder


def test_a_file_name_after_double_dash_is_a_path_not_an_option(tmp_path):
    shutil.copy(GOOD, tmp_path / "victim.inf")
    (tmp_path / "--output=victim.inf").write_text(
        GOOD.read_text(encoding="utf-8").replace("[Manufacturer]", "[Manufacturer]\n%M% = Missing")
    )
    before = (tmp_path / "victim.inf").read_bytes()
    result = run_patched("", "check", "--fix", "--select", "INF301", "--", "--output=victim.inf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("--output=victim.inf:")
    assert (tmp_path / "victim.inf").read_bytes() == before


def test_hooks_end_their_entries_with_double_dash():
    from conftest import REPOSITORY

    entries = [
        line.split(":", 1)[1].strip()
        for line in (REPOSITORY / ".pre-commit-hooks.yaml").read_text().splitlines()
        if line.strip().startswith("entry:")
    ]
    assert entries and all(entry.endswith(" --") for entry in entries)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="processor affinity is a Linux notion")
def test_jobs_are_capped_at_the_processors_this_process_may_use(tmp_path):
    many_files(tmp_path)
    one_processor = lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    # Forty copies of one INF in one folder also share a catalog and tie in ranking: only the file's own findings here.
    result = run_patched(
        COUNT_WORKERS,
        "check",
        "-j",
        "100000",
        "--format",
        "json",
        "--ignore",
        "PKG,REPO",
        ".",
        cwd=tmp_path,
        preexec_fn=one_processor,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "workers started: 0"
    assert {row["path"] for row in json.loads(result.stdout)} == {"device07.inf"}


def test_jobs_beyond_the_usable_processors_start_no_more_workers_than_there_are(tmp_path):
    many_files(tmp_path)
    result = run_patched(COUNT_WORKERS, "check", "-j", "100000", ".", cwd=tmp_path)
    started = int(result.stderr.splitlines()[-1].removeprefix("workers started: "))
    assert started <= cpus.usable_cpu_count()


def test_a_worker_that_cannot_start_falls_back_to_checking_here(tmp_path):
    many_files(tmp_path)
    serial = run_patched("", "check", "-j", "1", "--format", "json", ".", cwd=tmp_path)
    result = run_patched(FAIL_AFTER_ONE_WORKER, "check", "-j", "4", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == serial.returncode == 1
    assert result.stdout == serial.stdout
    assert result.stderr == ""


def test_cgroup_v2_quota_is_rounded_up(tmp_path, monkeypatch):
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    monkeypatch.setattr(cpus, "_own_cgroup_folders", lambda: [tmp_path])
    assert cpus._cgroup_cpu_quota() == 2


def test_cgroup_v1_quota_and_no_quota(tmp_path, monkeypatch):
    limited, unlimited = tmp_path / "limited", tmp_path / "unlimited"
    limited.mkdir()
    unlimited.mkdir()
    (limited / "cpu.cfs_quota_us").write_text("50000\n")
    (limited / "cpu.cfs_period_us").write_text("100000\n")
    (unlimited / "cpu.max").write_text("max 100000\n")
    monkeypatch.setattr(cpus, "_own_cgroup_folders", lambda: [unlimited])
    assert cpus._cgroup_cpu_quota() is None
    monkeypatch.setattr(cpus, "_own_cgroup_folders", lambda: [unlimited, limited])
    assert cpus._cgroup_cpu_quota() == 1
    monkeypatch.setattr(cpus, "_cgroup_cpu_quota", lambda: 1)
    assert cpus.usable_cpu_count() == 1
