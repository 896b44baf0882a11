"""Measure ``infcheck simulate`` on a generated scenario of many drivers and systems.

    python bench/bench_simulate.py [--drivers 100] [--systems 100000] [--repeat 3]

The scenario models a realistic fleet: devices from a few dozen hardware-ID
families, each family served by an untargeted generic driver and by drivers
targeted (by installation, distribution or both) to some system models; each
system is one of a few thousand models, has three CHIDs, one or two devices,
and sometimes a driver already installed. Prints the median wall time of the
whole command (reading the TOML included) and of its parts, next to
``python -c pass`` measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from infcheck.publish.scenario import load_scenario  # noqa: E402
from infcheck.publish.simulate import simulate  # noqa: E402


def generate(drivers: int, systems: int, seed: int = 1) -> str:
    chance = random.Random(seed)
    families = [f"PCI\\VEN_8086&DEV_{index:04X}&SUBSYS_{index:04X}1028" for index in range(40)]
    models = 4000
    lines = []
    ids = []
    for number in range(drivers):
        driver_id = f"D{number:03d}"
        ids.append(driver_id)
        family = families[number % len(families)]
        month, day = chance.randint(1, 12), chance.randint(1, 28)
        lines += [
            "[[driver]]",
            f'id = "{driver_id}"',
            f"hwids = ['{family}', '{family.split('&SUBSYS')[0]}']",
            f'driver_ver = "{month}/{day}/2025,{chance.randint(1, 9)}.{chance.randint(0, 9)}.0.{number}"',
            f'feature_score = "0x{chance.choice(["F6", "F8", "FF"])}"',
            "published = true",
        ]
        kind = number % 4
        targets = [f"MODEL_{chance.randrange(models)}" for _ in range(chance.randint(1, 20))]
        if kind in (1, 3):
            lines.append(f"target_computers = {targets!r}")
        if kind in (2, 3):
            lines.append(f"distribution_chids = {targets!r}")
        lines.append("")
    for number in range(systems):
        model = chance.randrange(models)
        lines += [
            "[[system]]",
            f'id = "S{number}"',
            f'chids = ["MODEL_{model}", "FAMILY_{model // 40}", "OEM_{model // 400}"]',
            "[[system.device]]",
            f"hwids = ['{chance.choice(families)}']",
        ]
        if chance.random() < 0.3:
            lines.append(f'installed = "{chance.choice(ids)}"')
        if chance.random() < 0.5:
            lines += ["[[system.device]]", f"hwids = ['{chance.choice(families)}']"]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drivers", type=int, default=100)
    parser.add_argument("--systems", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scenario = Path(folder) / "scenario.toml"
        scenario.write_text(generate(arguments.drivers, arguments.systems), encoding="utf-8")
        size = scenario.stat().st_size / 1e6
        command = [sys.executable, "-m", "infcheck", "simulate", str(scenario), "--format", "json"]
        whole, baseline, loads, decides = [], [], [], []
        for _ in range(arguments.repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            baseline.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True, cwd=REPOSITORY)
            whole.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(result.stderr.decode())
            start = time.perf_counter()
            loaded = load_scenario(scenario)
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            decisions = simulate(loaded)
            decides.append(time.perf_counter() - start)
    print(
        f"scenario: {arguments.drivers} drivers, {arguments.systems} systems, {len(decisions)} devices, {size:.1f} MB of TOML"
    )
    print(f"  python -c pass                          {statistics.median(baseline) * 1000:8.0f} ms")
    print(f"  infcheck simulate --format json          {statistics.median(whole):8.2f} s  (target under 10 s)")
    print(f"    of which reading and checking the TOML {statistics.median(loads):8.2f} s")
    print(f"    of which deciding the offers          {statistics.median(decides):8.2f} s")


if __name__ == "__main__":
    main()
