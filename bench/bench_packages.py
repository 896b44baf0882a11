"""Measure what the package and repository rules add to ``infcheck check`` on a tree of packages.

    python bench/bench_packages.py [CORPUS_FOLDER] [--copies 15] [--repeat 3] [--jobs N]

Builds a tree of at least 2,000 INF files, each in a package folder of its own, by copying the
corpus several times into a temporary folder; each folder gets the files its INF copies, where
SourceDisksNames and SourceDisksFiles place them (a small PE image of the right machine type
for each .sys, .dll and .exe), except that one package in ten misses one file. Then it times
``infcheck check`` with the package and repository rules left out (``--ignore PKG,REPO``) and
with them (the default), taking turns, and prints the medians (wall clock and processor time,
the process and its workers) and the overhead, in two modes: every file checked afresh
(``--no-cache``), and a second run answered from the result cache (a temporary folder, filled
by a first run of each command). The target is at most +30%.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPOSITORY.parent / "shared" / "corpus" / "windows-driver-samples"
sys.path.insert(0, str(REPOSITORY / "tests"))

from packages import pe_image  # noqa: E402  (the tests' image builder)

from infcheck.engine import document_index  # noqa: E402
from infcheck.inf_facts import inf_facts  # noqa: E402
from infcheck.parse import parse_bytes  # noqa: E402
from infcheck.pe import MACHINE_TYPES, is_image_name  # noqa: E402


def lay_out_package(source: Path, folder: Path, leave_one_out: bool) -> None:
    folder.mkdir(parents=True)
    target = folder / source.name.lower()
    shutil.copyfile(source, target)
    facts = inf_facts(document := parse_bytes(target.read_bytes(), str(target)), document_index(document))
    copies = list(facts.copies)
    if leave_one_out and copies:
        copies = copies[1:]
    for copy in copies:
        if not copy.relative_path or ".." in copy.relative_path.split("/"):
            continue
        path = folder / copy.relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        machine = copy.architecture if copy.architecture in MACHINE_TYPES else "amd64"
        path.write_bytes(pe_image(machine) if is_image_name(copy.name) else b"data\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--copies", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="passed to infcheck check -j (default: its own)")
    arguments = parser.parse_args()
    sources = sorted(path for path in Path(arguments.corpus).rglob("*") if path.suffix.lower() in (".inf", ".inx"))
    if not sources:
        sys.exit(f"no INF files under {arguments.corpus}")
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    jobs = ["-j", str(arguments.jobs)] if arguments.jobs else []
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder)
        count = 0
        for copy in range(arguments.copies):
            for number, source in enumerate(sources):
                lay_out_package(source, tree / f"p{copy:02d}_{number:03d}", leave_one_out=count % 10 == 0)
                count += 1
        files = sum(1 for path in tree.rglob("*") if path.is_file())
        cache = tree.parent / "result-cache"
        base = [sys.executable, "-m", "infcheck", "check", "-q", "--format", "json", *jobs]
        modes = {"no cache": ["--no-cache"], "second run, result cache": ["--cache-dir", str(cache)]}
        commands = {
            (mode, name): [*base, *flags, *extra, str(tree)]
            for mode, flags in modes.items()
            for name, extra in (("plain", ["--ignore", "PKG,REPO"]), ("wider", []))
        }
        for (mode, _), command in commands.items():
            if mode != "no cache":
                subprocess.run(command, capture_output=True, env=environment)  # the first run fills the cache
        times: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
        # Processor time too (the process and its workers): on a shared machine it moves less than the clock.
        cpu: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
        findings: dict[tuple[str, str], tuple[int, int]] = {}
        for _ in range(arguments.repeat):
            for key, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                result = subprocess.run(command, capture_output=True, env=environment)
                times[key].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[key].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
                wider = result.stdout.count(b'"code": "PKG') + result.stdout.count(b'"code": "REPO')
                findings[key] = (result.stdout.count(b'"code"'), wider)
    print(f"tree: {count} INF files in {count} package folders, {files} files; {arguments.repeat} runs each (medians)")
    for mode in modes:
        base_wall, more_wall = (statistics.median(times[mode, name]) for name in ("plain", "wider"))
        base_cpu, more_cpu = (statistics.median(cpu[mode, name]) for name in ("plain", "wider"))
        print(f"  {mode}:")
        print(
            f"    infcheck check --ignore PKG,REPO   {base_wall:6.2f} s ({base_cpu:6.2f} s processor)   "
            f"{findings[mode, 'plain'][0]} findings"
        )
        print(
            f"    infcheck check (PKG and REPO)      {more_wall:6.2f} s ({more_cpu:6.2f} s processor)   "
            f"{findings[mode, 'wider'][0]} findings, {findings[mode, 'wider'][1]} of them PKG/REPO"
        )
        print(
            f"    overhead: {100 * (more_wall - base_wall) / base_wall:+.1f}% wall clock, "
            f"{100 * (more_cpu - base_cpu) / base_cpu:+.1f}% processor time (target: at most +30%)"
        )


if __name__ == "__main__":
    main()
