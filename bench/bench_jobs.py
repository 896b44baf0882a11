"""Measure ``infcheck check -j N`` on a large tree of INF files.

    python bench/bench_jobs.py [CORPUS_FOLDER] [--copies 15] [--repeat 3]

Builds a tree of at least 2,000 files by copying the corpus several times into
a temporary folder, then times ``infcheck check -j 1`` and ``-j 2`` (and
``-j`` with every core, when there are more than two) on it, taking turns, and
prints the medians and the speed-up. It also checks that every run printed the
same report.

As a ceiling for ``-j 2`` it times two independent ``-j 1`` runs, each on half
of the tree, side by side: what this machine gives two processes that share
nothing. The gap between that row and ``-j 2`` is what the worker pool costs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPOSITORY.parent / "shared" / "corpus" / "windows-driver-samples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--copies", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    sources = [path for path in Path(arguments.corpus).rglob("*") if path.suffix.lower() in (".inf", ".inx")]
    if not sources:
        sys.exit(f"no INF files under {arguments.corpus}")
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    job_counts = sorted({1, 2, os.cpu_count() or 1})
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder)
        halves = [tree / "half1", tree / "half2"]
        for half in halves:
            half.mkdir()
        for copy in range(arguments.copies):
            for number, source in enumerate(sources):
                half = halves[(copy * len(sources) + number) % 2]
                shutil.copyfile(source, half / f"copy{copy:02d}_{number:03d}{source.suffix.lower()}")
        count = len(sources) * arguments.copies
        size = sum(path.stat().st_size for half in halves for path in half.iterdir()) / 1e6
        times: dict[int, list[float]] = {jobs: [] for jobs in job_counts}
        side_by_side: list[float] = []
        reports: set[bytes] = set()

        def command(jobs: int, folder: Path) -> list[str]:
            return [sys.executable, "-m", "infcheck", "check", "-q", "--format", "json", "-j", str(jobs), str(folder)]

        for _ in range(arguments.repeat):
            for jobs in job_counts:
                start = time.perf_counter()
                result = subprocess.run(command(jobs, tree), capture_output=True, env=environment)
                times[jobs].append(time.perf_counter() - start)
                reports.add(result.stdout)
            start = time.perf_counter()
            running = [
                subprocess.Popen(command(1, half), stdout=subprocess.DEVNULL, env=environment) for half in halves
            ]
            for process in running:
                process.wait()
            side_by_side.append(time.perf_counter() - start)
    print(f"tree: {count} files, {size:.1f} MB; {os.cpu_count()} cores; {arguments.repeat} runs each (medians)")
    single = statistics.median(times[1])
    for jobs in job_counts:
        median = statistics.median(times[jobs])
        print(f"  infcheck check -j {jobs}   {median:6.2f} s   {single / median:4.2f}x")
    ceiling = statistics.median(side_by_side)
    print(f"  two -j 1 on halves    {ceiling:6.2f} s   {single / ceiling:4.2f}x  (ceiling for -j 2 here)")
    print(f"  identical reports: {'yes' if len(reports) == 1 else 'NO'} (target: -j 2 at least 1.70x)")


if __name__ == "__main__":
    main()
