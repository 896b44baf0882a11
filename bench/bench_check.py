"""Measure how fast infcheck checks INF files, next to baselines measured in the same run.

    python bench/bench_check.py [CORPUS_FOLDER] [--repeat N]

Prints, as medians over N runs (this machine is noisy, so compare ratios):

* floor: reading, decoding and splitting the corpus into lines with a regex, in
  MB/s of decoded text; the most any checker written in Python could hope for;
* parse: reading, decoding and parsing into documents;
* lint (INF rules) and lint (all rules): the whole check, as ``infcheck check``
  does it in-process (garbage collection and the release of each checked
  document included), with the foundation rules only and with every rule;
* lint under InfVerif's /w profile, with the IV rules of InfVerif parity part 1
  (its 30 checks) and with every IV rule; their targets are stated against
  "lint, all rules" of the checkout before part 1, so run this script there too
  (it measures older checkouts with the lines they have);
* the wall time of ``infcheck check`` on one small file, next to ``python -c
  pass`` (target: at most 6 times), with ``--no-cache`` and answered from the
  result cache;
* the wall time of ``infcheck check`` on the whole corpus, with ``--no-cache``
  and as a second run answered from the result cache (target: at most 2 times
  the floor), next to the floor as a process of its own (start Python, read,
  decode and split every file).

These runs are new processes, as a user starts them: Python may keep its
bytecode cache (a first run warms it), and infcheck keeps the analysed grammar
in its own cache; the result cache is a temporary folder.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from infcheck.config import Config, resolve_selectors  # noqa: E402
from infcheck.decode import decode  # noqa: E402
from infcheck.engine import check_document  # noqa: E402
from infcheck.parse import get_parser  # noqa: E402

DEFAULT_CORPUS = REPOSITORY.parent / "shared" / "corpus" / "windows-driver-samples"
SMALL_FILE = REPOSITORY / "tests" / "fixtures" / "demo" / "contoso_sensor.inf"
_LINES = re.compile(r"\r\n|\r|\n")
# The InfVerif codes of the 30 checks that InfVerif parity part 1 (issue 12) added; its speed
# target is stated for these, while part 2's target covers every IV rule.
PART_ONE_CODES = frozenset(
    {1324, 1296, 1199, 1284, 1285, 1297, 1420, 1421, 1422, 1423, 1230, 2084, 1303, 1204, 1234, 1100, 1205, 1206}
    | {1322, 1320, 1321, 1304, 2660, 1323, 1330, 2083, 1293, 1017, 1275, 1013, 2085, 1254, 1300, 1305, 1265}
    | {1266, 1329, 1212, 1310, 1213, 1214, 1231, 2010, 1402, 1084}
)


def median_seconds(actions: dict, repeat: int) -> dict[str, float]:
    """Median wall time of each action; the actions take turns, so drift in the
    machine's speed affects them all alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--repeat", type=int, default=15)
    arguments = parser.parse_args()
    corpus = Path(arguments.corpus)
    paths = sorted(path for path in corpus.rglob("*") if path.suffix.lower() in (".inf", ".inx"))
    if not paths:
        sys.exit(f"no INF files under {corpus}")
    size = sum(len(decode(path.read_bytes())[0]) for path in paths)
    megabytes = size / 1e6
    parser_ = get_parser()
    all_rules = Config().rules_for(None)
    inf_rules = Config().rules_for(None, resolve_selectors(["INF"], "bench"))
    # The InfVerif-mirroring rules run with a profile; "windows-driver" (/w) runs the most of them.
    profile_rules = Config().rules_for(None, profile="windows-driver") if _has_profiles() else None
    part_one_rules = (
        [settings for settings in profile_rules if _is_part_one(settings.rule)] if profile_rules is not None else None
    )

    def floor():
        for path in paths:
            text, _ = decode(path.read_bytes())
            _LINES.split(text)

    def parse():
        for path in paths:
            parser_.parse_bytes(path.read_bytes(), str(path))

    def lint(rules):
        def run():
            with collections_as_the_runner_manages_them():
                for path in paths:
                    document = parser_.parse_bytes(path.read_bytes(), str(path))
                    check_document(document, rules)
                    released_as_the_runner_does(document)

        return run

    print(f"corpus: {len(paths)} files, {megabytes:.2f} MB of decoded text, {arguments.repeat} runs each (medians)")
    lint(all_rules)()  # warm the file system cache
    results = median_seconds(
        {
            "floor (read + decode + split)": floor,
            "parse": parse,
            "lint, INF rules": lint(inf_rules),
            "lint, all rules": lint(all_rules),
            **({"lint, part 1 IV rules, /w profile": lint(part_one_rules)} if part_one_rules is not None else {}),
            **({"lint, all rules, /w profile": lint(profile_rules)} if profile_rules is not None else {}),
        },
        arguments.repeat,
    )
    for name, seconds in results.items():
        print(f"  {name:<34} {seconds * 1000:8.1f} ms  {megabytes / seconds:6.1f} MB/s")
    floor_time = results["floor (read + decode + split)"]
    all_time = results["lint, all rules"]
    print(f"  lint throughput / floor: {floor_time / all_time:.2f} (target at least 0.15)")
    print(
        f"  PUB and TGT rules cost: {(all_time / results['lint, INF rules'] - 1) * 100:+.1f}% over the INF rules (target at most +20%)"
    )
    if profile_rules is not None:
        profile_time = results["lint, all rules, /w profile"]
        print(
            f"  IV rules (/w profile) cost: {(profile_time / all_time - 1) * 100:+.1f}% over all rules without a profile"
        )

    command = [sys.executable, "-m", "infcheck", "check", "-q"]
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    cache = tempfile.mkdtemp(prefix="infcheck-bench-cache-")
    cached_environment = {**environment, "INFCHECK_RESULT_CACHE": cache}

    def run(*args: str, cached: bool = False) -> None:
        subprocess.run(
            list(args), capture_output=True, env=cached_environment if cached else environment, cwd=REPOSITORY
        )

    # The floor as a process of its own: start Python, read, decode and split the corpus; what any
    # command-line checker written in Python pays before it checks anything.
    floor_program = (
        "import re, sys\nfrom pathlib import Path\nfrom infcheck.decode import decode\n"
        "lines = re.compile(r'\\r\\n|\\r|\\n')\n"
        "for path in sorted(Path(sys.argv[1]).rglob('*')):\n"
        "    if path.suffix.lower() in ('.inf', '.inx'):\n"
        "        lines.split(decode(path.read_bytes())[0])\n"
    )
    run(*command, "--no-cache", str(SMALL_FILE))  # warm Python's bytecode cache and infcheck's grammar cache
    run(*command, str(corpus), cached=True)  # fill the result cache: the cached rows are second runs
    run(*command, str(SMALL_FILE), cached=True)
    processes = median_seconds(
        {
            "baseline": lambda: run(sys.executable, "-c", "pass"),
            "single": lambda: run(*command, "--no-cache", str(SMALL_FILE)),
            "single cached": lambda: run(*command, str(SMALL_FILE), cached=True),
            "floor process": lambda: run(sys.executable, "-c", floor_program, str(corpus)),
            "whole": lambda: run(*command, "--no-cache", str(corpus)),
            "whole cached": lambda: run(*command, str(corpus), cached=True),
        },
        arguments.repeat,
    )
    shutil.rmtree(cache, ignore_errors=True)
    baseline, single, floor_process = processes["baseline"], processes["single"], processes["floor process"]
    print(f"  python -c pass                              {baseline * 1000:8.1f} ms  (baseline)")
    print(
        f"  infcheck check one small file               {single * 1000:8.1f} ms  "
        f"{single / baseline:5.1f}x python -c pass (target at most 6x)"
    )
    print(
        f"  the same, answered from the result cache    {processes['single cached'] * 1000:8.1f} ms  "
        f"{processes['single cached'] / baseline:5.1f}x python -c pass"
    )
    print(f"  floor as a process (start, read, decode, split) {floor_process * 1000:4.1f} ms  (baseline)")
    print(
        f"  infcheck check the whole corpus, no cache   {processes['whole'] * 1000:8.1f} ms  "
        f"{processes['whole'] / floor_process:5.1f}x the floor process"
    )
    print(
        f"  the same, second run with the result cache  {processes['whole cached'] * 1000:8.1f} ms  "
        f"{processes['whole cached'] / floor_process:5.1f}x the floor process (target at most 2x)"
    )


def collections_as_the_runner_manages_them():
    """The garbage collection ``infcheck check`` runs its files with (a checkout from before it
    managed collections runs with Python's defaults)."""
    try:
        from infcheck.collection import batch_collections
    except ImportError:
        return contextlib.nullcontext()
    return _frozen_at_once(batch_collections())


def released_as_the_runner_does(document) -> None:
    """Let go of a checked document as ``infcheck check`` does (a checkout from before it did
    leaves that to the garbage collector)."""
    release = getattr(document, "release", None)
    if release is not None:
        release()


@contextlib.contextmanager
def _frozen_at_once(collections):
    # The parser and the rules are loaded already: start-up is over before the first file.
    with collections as start_up_over:
        start_up_over()
        yield
        # The garbage the run left for later collections is the run's cost, not the next row's.
        gc.collect()


def _is_part_one(rule) -> bool:
    """Whether a rule runs without a profile or mirrors one of part 1's InfVerif codes."""
    return not rule.code.startswith("IV") or not PART_ONE_CODES.isdisjoint(rule.infverif)


def _has_profiles() -> bool:
    """Whether this checkout has profiles (so the script also measures checkouts from before them)."""
    import inspect

    return "profile" in inspect.signature(Config.rules_for).parameters


if __name__ == "__main__":
    main()
