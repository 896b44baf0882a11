"""The drivers a publishing plan puts on Windows Update, for ``simulate --plan``.

Each Windows Update label that counts (``published``, and ``pending`` when
asked) becomes one published driver named after the label: its submission's
INF limited to the hardware IDs the label selects, the INF's
``[TargetComputers]`` as installation targeting and the label's CHIDs as
distribution targeting. Each submission is also a driver of its own, never
published, so that a system can say which package it has installed.
"""

from __future__ import annotations

from infcheck.publish.plan import Label, Plan, Submission, normalized_chids
from infcheck.publish.ranking import ModelsMatch
from infcheck.publish.scenario import Driver, ScenarioError

COUNTED_STATUSES = ("published",)


def drivers_from_plan(plan: Plan, include_pending: bool = False) -> dict[str, Driver]:
    """Drivers by id: every submission (unpublished) and every counted Windows Update label (published).

    Raises :class:`ScenarioError` when the plan cannot be turned into drivers
    (a TOML or schema error, a missing submission or INF, an id used twice).
    """
    if plan.problems:
        first = plan.problems[0]
        raise ScenarioError(f"{plan.path}:{first.span.line}: {first.message}")
    statuses = COUNTED_STATUSES + (("pending",) if include_pending else ())
    drivers: dict[str, Driver] = {}
    for submission in plan.submissions:
        _add(drivers, _submission_driver(plan, submission), plan, submission.key)
    for label in plan.labels:
        if not label.to_windows_update or label.status not in statuses:
            continue
        submission = plan.submission(label.submission)
        if submission is None:
            raise _error(
                plan, label.key + ("submission",), f"label '{label.id}' names unknown submission '{label.submission}'"
            )
        _add(drivers, _label_driver(plan, label, submission), plan, label.key)
    return drivers


def _add(drivers: dict[str, Driver], driver: Driver, plan: Plan, key: tuple) -> None:
    if driver.id in drivers:
        raise _error(
            plan, key + ("id",), f"id '{driver.id}' names two submissions or labels; simulate needs each to be distinct"
        )
    drivers[driver.id] = driver


def _error(plan: Plan, key: tuple, message: str) -> ScenarioError:
    return ScenarioError(f"{plan.path}:{plan.value_span(key).line}: {message}")


def _package(plan: Plan, submission: Submission):
    package = plan.package(submission)
    if package is None:
        raise _error(
            plan, submission.key + ("inf",), f"submission '{submission.id}': {plan.package_problem(submission)}"
        )
    if package.driver_ver is None:
        why = package.driver_ver_error or "it has no DriverVer"
        raise _error(
            plan, submission.key + ("inf",), f"submission '{submission.id}': cannot rank {submission.inf}: {why}"
        )
    return package


def _submission_driver(plan: Plan, submission: Submission) -> Driver:
    package = _package(plan, submission)
    return Driver(
        submission.id,
        package.entries,
        package.driver_ver,
        target_computers=package.target_computers,
        published=False,
    )


def _label_driver(plan: Plan, label: Label, submission: Submission) -> Driver:
    package = _package(plan, submission)
    if label.hwids is not None:
        selected = {hwid.strip().lower() for hwid in label.hwids}
    elif submission.received is not None and submission.received.hwids is not None:
        selected = {hwid.strip().lower() for hwid in submission.received.hwids}
    else:
        selected = None  # every ID of the INF
    return Driver(
        label.id,
        _entries_for(package.entries, selected),
        package.driver_ver,
        target_computers=package.target_computers,
        distribution_chids=normalized_chids(label.chids),
        published=True,
        package=submission.id,
    )


def _entries_for(entries: tuple[ModelsMatch, ...], selected: set[str] | None) -> tuple[ModelsMatch, ...]:
    """The Models entries as Windows Update sees them through a label: only the selected IDs."""
    if selected is None:
        return entries
    kept = []
    for entry in entries:
        hardware_id = entry.hardware_id if entry.hardware_id in selected else None
        compatible_ids = tuple(device_id for device_id in entry.compatible_ids if device_id in selected)
        if hardware_id is not None or compatible_ids:
            kept.append(ModelsMatch(hardware_id, compatible_ids, entry.feature_score))
    return tuple(kept)
