"""Revoking hardware IDs from a label that shares a driver with a partner.

``infcheck publish revoke`` edits the sharer's plan as Partner Center edits
the shipping label: the revoked IDs leave the label's ``hwids``, and nothing
else in the file changes (comments, order and layout are kept, through
tomlkit). What happens on the receiver's side cannot be written in this plan,
so it is described instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from infcheck.files import read_message, read_regular_file
from infcheck.publish.plan import Label, Plan, parse_plan
from infcheck.tomlguard import MAX_TOML_BYTES, parse_document

_BOM = b"\xef\xbb\xbf"


class RevokeError(ValueError):
    """The revocation cannot be made; the message says why, in one line."""


class Revocation(NamedTuple):
    label: Label
    revoked: tuple[str, ...]
    remaining: tuple[str, ...]
    original: bytes
    revised: bytes


def plan_revocation(path: Path, label_id: str, hwids: list[str] | None) -> Revocation:
    """Work out the revocation of ``hwids`` (``None``: all of them) from partner label ``label_id``.

    Nothing is written; raises :class:`RevokeError` when the plan is not valid,
    the label is not a partner label, or an ID is not shared by it.
    """
    try:
        original = read_regular_file(path, MAX_TOML_BYTES)
    except OSError as error:
        raise RevokeError(f"cannot read {path}: {read_message(error)}") from None
    plan = parse_plan(original, str(path), path)
    if plan.problems:
        first = plan.problems[0]
        raise RevokeError(f"{path}:{first.span.line}: {first.message}; fix the plan first")
    label = next((label for label in plan.labels if label.id == label_id), None)
    if label is None:
        known = ", ".join(label.id for label in plan.labels if label.to_partner) or "none"
        raise RevokeError(f"{path}: no label '{label_id}' (labels shared with partners: {known})")
    if not label.to_partner:
        raise RevokeError(
            f"label '{label_id}' publishes to Windows Update; only a label shared with a partner has IDs to revoke"
        )

    shared = _shared_ids(plan, label)
    if hwids is None:
        revoked, remaining = shared, ()
    else:
        by_case = {hwid.lower(): hwid for hwid in shared}
        missing = [hwid for hwid in hwids if hwid.strip().lower() not in by_case]
        if missing:
            listed = ", ".join(f"'{hwid}'" for hwid in missing)  # as written: no doubled backslashes
            raise RevokeError(f"label '{label_id}' does not share {listed}")
        chosen = {hwid.strip().lower() for hwid in hwids}
        revoked = tuple(hwid for hwid in shared if hwid.lower() in chosen)
        remaining = tuple(hwid for hwid in shared if hwid.lower() not in chosen)
    revised = _rewrite(original, label, remaining)
    return Revocation(label, revoked, remaining, original, revised)


def _shared_ids(plan: Plan, label: Label) -> tuple[str, ...]:
    if label.hwids is not None:
        return label.hwids
    submission = plan.submission(label.submission)
    package = plan.package(submission) if submission is not None else None
    if package is None:
        raise RevokeError(
            f"label '{label.id}' shares \"all\" IDs of an INF that cannot be read, so the remaining ones are unknown"
        )
    # Partner Center lists each ID once, however many Models sections repeat it.
    return tuple(dict.fromkeys(package.device_ids))


def _rewrite(original: bytes, label: Label, remaining: tuple[str, ...]) -> bytes:
    import tomlkit

    bom = original.startswith(_BOM)
    text = original[len(_BOM) if bom else 0 :].decode("utf-8")
    try:
        document = parse_document(text)
    except ValueError as error:  # the plan was read once already, so this is not expected
        raise RevokeError(f"cannot rewrite the plan: {error}") from None
    table = document["label"][label.key[1]]
    current = table["hwids"]
    if isinstance(current, list):
        keep = {hwid.lower() for hwid in remaining}
        for number in range(len(current) - 1, -1, -1):
            if str(current[number]).lower() not in keep:
                del current[number]
    else:
        replacement = tomlkit.array()
        for hwid in remaining:
            replacement.append(tomlkit.string(hwid, literal="'" not in hwid))
        replacement.multiline(len(remaining) > 1)
        table["hwids"] = replacement
    return (_BOM if bom else b"") + tomlkit.dumps(document).encode("utf-8")


def receiver_consequences(revocation: Revocation) -> list[str]:
    """What Partner Center does on the receiving partner's side, in plain sentences."""
    partner = revocation.label.partner or "the partner"
    if revocation.remaining:
        replacement = f"shares only the {len(revocation.remaining)} remaining hardware ID(s)"
    else:
        replacement = "shares no hardware ID at all: its hardware ID grid is empty"
    return [
        f"{partner}'s submission of this driver is deprecated; a new submission with the same shared product ID "
        f"replaces it and {replacement}.",
        f"Labels {partner} already published to Windows Update stay published until {partner} expires them; "
        "their existing labels may only expire content.",
        f"{partner} can still download the signed driver and DUA shell of the deprecated submission.",
        f"In {partner}'s own plan: set deprecated = true on the received submission, add the replacement with "
        "the remaining hwids, and expire the old labels (SHP010 reports those that are not).",
    ]
