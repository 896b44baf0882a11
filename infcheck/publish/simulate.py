"""Which driver Windows Update offers to each device of each system.

The rules, from the Windows 10 driver publishing workflow (sections 3.3 to 3.6):

* Candidates are published drivers that list one of the device's hardware or
  compatible IDs.
* A driver's targeting set is its installation CHIDs ([TargetComputers]), its
  distribution CHIDs (shipping label), or their intersection when it has
  both; with neither it is untargeted. A targeted driver applies only to
  systems that have a CHID in its set; an untargeted one applies to all.
* The distribution choice is the best-ranked applicable targeted driver if
  any applies, otherwise the best-ranked applicable untargeted driver: a CHID
  match beats a better DriverVer, and CHID levels are not ranked against each
  other (Windows 10 1709 and later).
* With nothing installed the choice is offered. With a driver installed the
  choice is offered only if it is a different driver and outranks the
  installed one by PnP ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

from infcheck.driverver import DriverVer
from infcheck.publish.ranking import driver_rank, ranking_key
from infcheck.publish.scenario import Device, Driver, Scenario, System, collection_paused

# What is decided for one device: (installed, choice, offer, reason), as in a Decision.
Outcome = tuple[str | None, str | None, str | None, str]


@dataclass(frozen=True, slots=True)
class Decision:
    system: str
    device: int
    installed: str | None
    choice: str | None
    offer: str | None
    reason: str

    def as_dict(self) -> dict:
        return {
            "system": self.system,
            "device": self.device,
            "installed": self.installed,
            "choice": self.choice,
            "offer": self.offer,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class _Ranked:
    driver: Driver
    rank: int
    targeting: frozenset[str] | None  # the driver's, read once: a property that builds it each time

    @property
    def key(self) -> tuple:
        return ranking_key(self.rank, self.driver.driver_ver)


def _ver(driver_ver: DriverVer) -> str:
    return (
        f"{driver_ver.date.month}/{driver_ver.date.day}/{driver_ver.date.year},{'.'.join(map(str, driver_ver.version))}"
    )


def _why_better(winner: _Ranked, loser: _Ranked) -> str:
    """What makes ``winner`` rank above ``loser`` in PnP order."""
    if winner.rank != loser.rank:
        return f"a better PnP rank (0x{winner.rank:08X} against 0x{loser.rank:08X})"
    if winner.driver.driver_ver.date != loser.driver.driver_ver.date:
        return f"a newer DriverVer ({_ver(winner.driver.driver_ver)} against {_ver(loser.driver.driver_ver)})"
    if winner.driver.driver_ver.version != loser.driver.driver_ver.version:
        return f"a higher DriverVer version ({_ver(winner.driver.driver_ver)} against {_ver(loser.driver.driver_ver)})"
    return "an equal rank and DriverVer"


class Simulator:
    """Decides offers; results for equal device IDs and equal relevant CHIDs are computed once."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.published = [driver for driver in scenario.drivers.values() if driver.published]
        self._by_id: dict[str, list[Driver]] = {}
        for driver in self.published:
            for device_id in driver.all_ids:
                self._by_id.setdefault(device_id, []).append(driver)
        self._relevant_chids = frozenset().union(
            *(driver.targeting for driver in self.published if driver.targeting is not None)
        )
        self._ranked_cache: dict[tuple, list[_Ranked]] = {}
        self._decision_cache: dict[tuple, Outcome] = {}
        self._outcome_cache: dict[tuple, Outcome] = {}

    def run(self) -> list[Decision]:
        return [Decision(system_id, position, *outcome) for system_id, position, outcome in self.outcomes()]

    def outcomes(self) -> list[tuple[str, int, Outcome]]:
        """(system, device position, outcome) for every device in scenario order; devices decided alike
        share one outcome tuple, so that whoever writes them can do it once for all of them."""
        results: list[tuple[str, int, Outcome]] = []
        append = results.append
        decided = self._decision_cache
        relevant_to: dict[frozenset[str], frozenset[str]] = {}
        for system in self.scenario.systems:
            chids = system.chids
            relevant = relevant_to.get(chids)
            if relevant is None:  # once per distinct set of CHIDs, not per system or device
                relevant = relevant_to[chids] = chids & self._relevant_chids
            system_id = system.id
            for position, device in enumerate(system.devices):
                key = (device.hwids, device.compatible_ids, device.installed, relevant)
                outcome = decided.get(key)
                if outcome is None:
                    outcome = decided[key] = self._outcome(device, relevant)
                append((system_id, position, outcome))
        return results

    def decide(self, system: System, position: int, device: Device) -> Decision:
        return self._decide_relevant(system, system.chids & self._relevant_chids, position, device)

    def _decide_relevant(self, system: System, relevant: frozenset[str], position: int, device: Device) -> Decision:
        key = (device.hwids, device.compatible_ids, device.installed, relevant)
        outcome = self._decision_cache.get(key)
        if outcome is None:
            outcome = self._decision_cache[key] = (device.installed, *self._decide(system.chids, device))
        return Decision(system.id, position, *outcome)

    def candidates(self, device: Device) -> list[tuple[Driver, int]]:
        """The published drivers matching a device with their PnP ranks, best first."""
        return [(item.driver, item.rank) for item in self._ranked(device)]

    def _ranked(self, device: Device) -> list[_Ranked]:
        """Published drivers matching the device, best PnP rank first."""
        key = (device.hwids, device.compatible_ids)
        ranked = self._ranked_cache.get(key)
        if ranked is None:
            candidates: dict[str, Driver] = {}
            for device_id in (*device.hwids, *device.compatible_ids):
                for driver in self._by_id.get(device_id, ()):
                    candidates[driver.id] = driver
            ranked = []
            for driver in candidates.values():
                rank = driver_rank(driver.entries, driver.signature, device.hwids, device.compatible_ids)
                if rank is not None:
                    ranked.append(_Ranked(driver, rank, driver.targeting))
            ranked.sort(key=lambda item: item.key)
            self._ranked_cache[key] = ranked
        return ranked

    def _decide(self, chids: frozenset[str], device: Device) -> tuple[str | None, str | None, str]:
        ranked = self._ranked(device)
        return self._decide_ranked(ranked, self._applying(ranked, chids), device)

    @staticmethod
    def _applying(ranked: list[_Ranked], chids: frozenset[str]) -> _Ranked | None:
        """The best-ranked CHID-targeted driver of ``ranked`` that applies to a system with ``chids``."""
        for item in ranked:
            if item.targeting is not None and not item.targeting.isdisjoint(chids):
                return item
        return None

    def _outcome(self, device: Device, relevant: frozenset[str]) -> Outcome:
        """The outcome for ``device`` on a system whose targeted CHIDs are ``relevant``; systems differ
        only through the targeted driver that applies, so outcomes are shared across them by it."""
        ranked = self._ranked(device)
        applying = self._applying(ranked, relevant)
        key = (device.hwids, device.compatible_ids, device.installed, applying.driver.id if applying else None)
        outcome = self._outcome_cache.get(key)
        if outcome is None:
            outcome = self._outcome_cache[key] = (device.installed, *self._decide_ranked(ranked, applying, device))
        return outcome

    def decide_targeted(self, device: Device, applying: str | None) -> tuple[str | None, str | None, str]:
        """(choice, offer, reason) for a device on a system where ``applying`` is the best-ranked CHID-targeted
        driver that applies (``None``: no targeted driver applies); the system's CHIDs matter only through it."""
        ranked = self._ranked(device)
        chosen = next((item for item in ranked if item.driver.id == applying), None) if applying is not None else None
        return self._decide_ranked(ranked, chosen, device)

    def _decide_ranked(
        self, ranked: list[_Ranked], applying: _Ranked | None, device: Device
    ) -> tuple[str | None, str | None, str]:
        if not ranked:
            return None, None, "No published driver lists any of this device's hardware or compatible IDs."
        untargeted = [item for item in ranked if item.targeting is None]
        if applying is not None:
            choice = applying
            better_untargeted = untargeted[0] if untargeted and untargeted[0].key < choice.key else None
            if better_untargeted is not None:
                why = (
                    f"{choice.driver.id} is the distribution choice because it is CHID-targeted to this system, "
                    f"although {better_untargeted.driver.id} has {_why_better(better_untargeted, choice)}"
                )
            else:
                why = f"{choice.driver.id} is the best-ranked driver CHID-targeted to this system"
        elif untargeted:
            choice = untargeted[0]
            excluded = [item.driver.id for item in ranked if item.targeting is not None]
            if excluded:
                why = (
                    f"{choice.driver.id} is the best-ranked driver without CHID targeting; "
                    f"{', '.join(excluded)} {'is' if len(excluded) == 1 else 'are'} targeted to CHIDs this system does not have"
                )
            else:
                why = f"{choice.driver.id} is the best-ranked driver for this device"
        else:
            names = ", ".join(item.driver.id for item in ranked)
            if len(ranked) == 1:
                return (
                    None,
                    None,
                    f"Published driver {names} matches the device but is targeted to CHIDs this system does not have.",
                )
            return (
                None,
                None,
                f"Published drivers {names} match the device but are targeted to CHIDs this system does not have.",
            )
        return self._offer(choice, device, why)

    def _offer(self, choice: _Ranked, device: Device, why: str) -> tuple[str | None, str | None, str]:
        chosen = choice.driver.id
        installed_id = device.installed
        if installed_id is None:
            return chosen, chosen, f"{why}; nothing is installed, so it is offered."
        if installed_id == chosen:
            return chosen, None, f"{why}; it is already installed, so nothing is offered."
        installed = self.scenario.drivers[installed_id]
        if installed.package_id == choice.driver.package_id:
            return (
                chosen,
                None,
                f"{why}; its package {installed.package_id} is already installed, so nothing is offered.",
            )
        installed_rank = driver_rank(installed.entries, installed.signature, device.hwids, device.compatible_ids)
        if installed_rank is None:
            return chosen, chosen, f"{why}; the installed {installed_id} does not match this device, so it is offered."
        current = _Ranked(installed, installed_rank, installed.targeting)
        if choice.key < current.key:
            return (
                chosen,
                chosen,
                f"{why}; it outranks the installed {installed_id} with {_why_better(choice, current)}, so it is offered.",
            )
        return (
            chosen,
            None,
            f"{why}; it does not outrank the installed {installed_id}, which has {_why_better(current, choice)}, "
            "so nothing is offered.",
        )


def simulate(scenario: Scenario) -> list[Decision]:
    """Decide, for every device of every system in scenario order, what Windows Update offers."""
    with collection_paused():
        return Simulator(scenario).run()


def simulate_outcomes(scenario: Scenario) -> list[tuple[str, int, Outcome]]:
    """What :func:`simulate` decides as (system, device position, outcome), without a Decision for each."""
    with collection_paused():
        return Simulator(scenario).outcomes()
