"""What the SHP rules share: the hardware IDs a label selects, and where to point."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the publishing model is loaded only when a plan is checked
    from infcheck.document import Span
    from infcheck.publish.plan import Label, Plan, Submission


def labelled_submissions(plan: Plan) -> Iterator[tuple[Label, Submission]]:
    """Every label whose submission exists, with that submission (SHP013 reports the others)."""
    for label in plan.labels:
        submission = plan.submission(label.submission)
        if submission is not None:
            yield label, submission


def available_ids(plan: Plan, submission: Submission) -> tuple[str, ...] | None:
    """The IDs a label on ``submission`` may select: what the sharer shared, for a received
    submission, else what its INF lists; ``None`` when that cannot be known."""
    received = submission.received
    if received is not None and received.hwids is not None:
        return received.hwids
    package = plan.package(submission)
    return package.device_ids if package is not None else None


def selected_ids(plan: Plan, label: Label, submission: Submission | None) -> list[tuple[str, Span]]:
    """The IDs ``label`` selects, each with its span: a listed ID at its own string;
    with ``hwids = "all"``, every available ID at the ``"all"``."""
    if label.hwids is not None:
        return [(hwid, plan.value_span(label.key + ("hwids", number))) for number, hwid in enumerate(label.hwids)]
    ids = available_ids(plan, submission) if submission is not None else None
    span = plan.value_span(label.key + ("hwids",))
    return [(hwid, span) for hwid in ids or ()]


def header_span(plan: Plan, label_or_submission: Label | Submission) -> Span:
    """The ``[[label]]`` or ``[[submission]]`` header, for something the table lacks."""
    return plan.key_span(label_or_submission.key)


def value_or_header(plan: Plan, item: Label | Submission, name: str) -> Span:
    """The span of ``name``'s value in a label or submission when it is written, else its header."""
    key = item.key + (name,)
    if key in plan.spans.values:
        return plan.value_span(key)
    return header_span(plan, item)
