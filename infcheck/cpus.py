"""How many processors this process may really use.

``os.cpu_count()`` counts the machine's processors. A process pinned to a few
of them, or a container given a CPU quota, can use fewer; starting a worker per
machine processor there only adds memory and switching.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

_CGROUP_ROOT = Path("/sys/fs/cgroup")


def usable_cpu_count() -> int:
    """The processors this process may run on, bounded by its cgroup's CPU quota; at least 1."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = _cgroup_cpu_quota()
    if quota is not None:
        count = min(count, quota)
    return max(1, count)


def _cgroup_cpu_quota() -> int | None:
    """The CPU quota of this process's cgroups (v2 ``cpu.max`` or v1 CFS), rounded up; ``None`` when unlimited.

    A quota on any enclosing cgroup applies too, so the smallest one found counts.
    """
    quotas = []
    for folder in dict.fromkeys(_own_cgroup_folders()):
        quota = _read_quota_v2(folder / "cpu.max")
        if quota is None:
            quota = _read_quota_v1(folder / "cpu.cfs_quota_us", folder / "cpu.cfs_period_us")
        if quota is not None:
            quotas.append(quota)
    return min(quotas, default=None)


def _own_cgroup_folders() -> list[Path]:
    """This process's cgroup folders, innermost first, then the mount roots (as containers show them)."""
    folders = []
    try:
        lines = Path("/proc/self/cgroup").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3 or ("cpu" not in parts[1].split(",") and parts[1] != ""):
            continue
        relative = parts[2].strip("/")
        base = _CGROUP_ROOT if parts[1] == "" else _CGROUP_ROOT / parts[1]
        folder = base / relative if relative else base
        while True:
            folders.append(folder)
            if folder == base:
                break
            folder = folder.parent
    folders += [_CGROUP_ROOT, _CGROUP_ROOT / "cpu", _CGROUP_ROOT / "cpu,cpuacct"]
    return folders


def _read_quota_v2(path: Path) -> int | None:
    try:
        fields = path.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(fields) != 2 or fields[0] == "max":
        return None
    return _rounded_quota(fields[0], fields[1])


def _read_quota_v1(quota_path: Path, period_path: Path) -> int | None:
    try:
        quota = quota_path.read_text(encoding="ascii").strip()
        period = period_path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return _rounded_quota(quota, period)


def _rounded_quota(quota: str, period: str) -> int | None:
    try:
        quota_us, period_us = int(quota), int(period)
    except ValueError:
        return None
    if quota_us <= 0 or period_us <= 0:
        return None
    return max(1, math.ceil(quota_us / period_us))
