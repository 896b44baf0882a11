"""Fuzz a whole check for a while and print what was tried and what was found.

    python bench/fuzz.py [--seconds N] [--quick] [--jobs N] [-- LIBFUZZER_FLAGS...]

Builds the seed corpus (the test fixtures, their UTF-16 forms and the sample
corpus when present) into ``bench/results/fuzz-corpus``, then runs the
atheris target ``tests/fuzz/fuzz_check.py`` for ``--seconds`` (default 600),
every input checked against the promises of ``tests/fuzz/oracle.py``. The
corpus grows from run to run. libFuzzer's own log goes to
``bench/results/fuzz.log``; a failing input is saved as
``bench/results/fuzz-crash-*`` (or ``-timeout-``, ``-oom-``), replayable
with ``python tests/fuzz/fuzz_check.py FILE``.

``--quick`` skips the checks that cost a multiple of one check (parsing
twice, each rule alone, each fix alone), for several times more inputs a
second. ``--jobs N`` runs N fuzzing processes side by side.

Exit status: 0 when nothing was found, 1 when an input failed, 2 when the
fuzzer could not run (atheris missing, say).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
RESULTS = REPOSITORY / "bench" / "results"
CORPUS = RESULTS / "fuzz-corpus"
ARTIFACT_PREFIX = RESULTS / "fuzz-"
LOG = RESULTS / "fuzz.log"
TARGET = REPOSITORY / "tests" / "fuzz" / "fuzz_check.py"
BUILDER = REPOSITORY / "tests" / "fuzz" / "build_corpus.py"

_STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.MULTILINE)
_CORPUS_LINE = re.compile(r"corp: (\d+)/(\S+)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=600, help="how long to fuzz (default: 600)")
    parser.add_argument("--quick", action="store_true", help="one check per input, without the costly cross-checks")
    parser.add_argument("--jobs", type=int, default=1, help="fuzzing processes side by side (default: 1)")
    parser.add_argument("flags", nargs="*", help="more libFuzzer flags, after --")
    arguments = parser.parse_args(argv)

    try:
        import atheris  # noqa: F401
    except ImportError:
        print("bench/fuzz.py: atheris is not installed; pip install 'atheris>=2.3'", file=sys.stderr)
        return 2

    RESULTS.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(BUILDER), str(CORPUS)], check=True)
    for stale in RESULTS.glob("fuzz-[0-9]*.log"):
        stale.unlink()  # a job log of an earlier run would add its figures to this one's
    before = {path.name for path in RESULTS.glob("fuzz-*-*")}
    seeds = sum(1 for _ in CORPUS.iterdir())

    command = [
        sys.executable,
        str(TARGET),
        f"-max_total_time={arguments.seconds}",
        "-timeout=10",
        "-rss_limit_mb=2048",
        "-print_final_stats=1",
        f"-artifact_prefix={ARTIFACT_PREFIX}",
        *arguments.flags,
        str(CORPUS),
    ]
    if arguments.jobs > 1:
        command[2:2] = [f"-jobs={arguments.jobs}", f"-workers={arguments.jobs}"]
    environment = dict(os.environ, INFCHECK_FUZZ_QUICK="1" if arguments.quick else "0")
    started = time.perf_counter()
    with LOG.open("w", encoding="utf-8") as log:
        # In bench/results, where libFuzzer also writes each job's own log (fuzz-N.log).
        status = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=RESULTS).returncode
    elapsed = time.perf_counter() - started

    text = LOG.read_text(encoding="utf-8", errors="replace")
    if arguments.jobs > 1:
        # Each job writes its own log in the working folder; their figures add up.
        for job_log in sorted(RESULTS.glob("fuzz-[0-9]*.log")):
            text += job_log.read_text(encoding="utf-8", errors="replace")
    stats: dict[str, int] = {}
    for name, value in _STAT.findall(text):
        stats[name] = stats.get(name, 0) + int(value) if name != "peak_rss_mb" else max(stats.get(name, 0), int(value))
    findings = sorted(path for path in RESULTS.glob("fuzz-*-*") if path.name not in before)
    corpus_sizes = _CORPUS_LINE.findall(text)

    mode = "quick" if arguments.quick else "thorough"
    print(f"fuzzing ({mode}, {arguments.jobs} job{'s' if arguments.jobs != 1 else ''}): {elapsed:.0f} s")
    print(f"  inputs tried:    {stats.get('number_of_executed_units', 0)}")
    if "average_exec_per_sec" in stats:
        print(f"  inputs a second: {stats['average_exec_per_sec']}")
    print(
        f"  seed inputs:     {seeds}; corpus now {sum(1 for _ in CORPUS.iterdir())} inputs"
        + (f" ({corpus_sizes[-1][0]} reach distinct coverage)" if corpus_sizes else "")
    )
    if "peak_rss_mb" in stats:
        print(f"  peak memory:     {stats['peak_rss_mb']} MB")
    print(f"  findings:        {len(findings)}")
    for finding in findings:
        print(f"    {finding.relative_to(REPOSITORY)}")
    print(f"  log:             {LOG.relative_to(REPOSITORY)}")
    if findings:
        return 1
    return 0 if status == 0 else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
