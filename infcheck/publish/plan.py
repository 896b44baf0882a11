"""Publishing plans: an organization's Partner Center state as a reviewed TOML file.

A plan is named ``publish.toml`` or ``*.publish.toml`` and lists the
organization's hardware submissions (its own and those received from partners)
and their shipping labels::

    organization = "Fabrikam"

    [[submission]]
    id = "audio-2.1"
    inf = "drivers/audio/audio.inf"     # relative to the plan
    signing = "hlk"                     # hlk | attestation
    category = "Audio"
    architectures = ["amd64"]
    dua_of = "audio-2.0"                # optional: a Driver Update Acceptable update of that submission
    deprecated = false

    [[submission]]
    id = "contoso-audio"
    inf = "received/contoso/audio.inf"
    received = { from = "Contoso", shared_product_id = "...", hwids = ["..."], require_chids = true }

    [[label]]
    id = "wu-model-b"
    submission = "audio-2.1"
    destination = "windows-update"      # windows-update | partner
    partner = "Contoso"                 # partner labels: who receives it
    require_receiver_chids = true       # partner labels
    hwids = ["PCI\\\\VEN_8086&DEV_1234&SUBSYS_00011028"]   # or "all"
    chids = ["{...}"]                   # distribution targeting
    audience = "test-registry-key"      # optional restricted audience
    delivery = "manual"                 # manual | automatic
    status = "draft"                    # draft | pending | published | expired

INF paths must stay inside the plan's repository (the nearest folder above
the plan holding ``.git``, or the plan's own folder) unless the plan lists
further folders in a top-level ``inf_roots = ["../shared"]``.

:func:`parse_plan` never raises: TOML and schema errors become
:attr:`Plan.problems`, which rule SHP014 reports; everything well-formed is
kept so the SHP rules can check it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Any, NamedTuple

from infcheck.diagnostics import escape_control_characters
from infcheck.document import Span
from infcheck.files import repository_root
from infcheck.publish.chid import normalize_chid
from infcheck.publish.package import PackageInf, read_package_inf, summarize
from infcheck.publish.plan_names import is_plan_file as is_plan_file  # where callers have always found it
from infcheck.publish.tomlspans import TomlSpans, locate
from infcheck.suppress import Suppressions, find_comment_suppressions
from infcheck.tomlguard import TomlRefused, check_size, loads

SIGNINGS = ("hlk", "attestation")
DESTINATIONS = ("windows-update", "partner")
DELIVERIES = ("manual", "automatic")
STATUSES = ("draft", "pending", "published", "expired")
ARCHITECTURES = ("x86", "amd64", "arm", "arm64", "ia64")

_TOP_KEYS = ("organization", "inf_roots", "submission", "label")
_SUBMISSION_KEYS = ("id", "inf", "signing", "category", "architectures", "dua_of", "deprecated", "received")
_RECEIVED_KEYS = ("from", "shared_product_id", "hwids", "require_chids")
_LABEL_KEYS = (
    "id",
    "submission",
    "destination",
    "partner",
    "require_receiver_chids",
    "hwids",
    "chids",
    "audience",
    "delivery",
    "status",
)
_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$")
_AT_END = "(at end of document)"
_TOML_LINE_BREAK = re.compile(r"\r\n|\n")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")

KeyPath = tuple


class Received(NamedTuple):
    """Where a received submission came from, and what the sharer allowed."""

    organization: str
    shared_product_id: str | None
    hwids: tuple[str, ...] | None  # None: every ID of the INF was shared
    require_chids: bool


class Submission(NamedTuple):
    key: KeyPath  # ("submission", n)
    id: str
    inf: str
    signing: str
    category: str | None
    architectures: tuple[str, ...]
    dua_of: str | None
    deprecated: bool
    received: Received | None

    @property
    def is_dua(self) -> bool:
        return self.dua_of is not None


class Label(NamedTuple):
    key: KeyPath  # ("label", n)
    id: str
    submission: str
    destination: str
    partner: str | None
    require_receiver_chids: bool
    hwids: tuple[str, ...] | None  # None: "all"
    chids: tuple[str, ...]
    audience: str | None
    delivery: str
    status: str

    @property
    def to_windows_update(self) -> bool:
        return self.destination == "windows-update"

    @property
    def to_partner(self) -> bool:
        return self.destination == "partner"


class PlanProblem(NamedTuple):
    """A TOML or schema error, with the span it concerns."""

    span: Span
    message: str


class Plan:
    """One parsed plan file: its submissions and labels, the spans of what is written, and its problems."""

    kind = "plan"

    def __init__(
        self, path: str, text: str, source: FilePath | None, read_inf: Callable[[FilePath], bytes] | None = None
    ):
        self.path = path
        self.text = text
        self.source = source
        # Where the INF files it names are read from: the file system, or (``read_inf``) git's index.
        self.read_inf = read_inf
        self.spans = TomlSpans(text)
        self.organization: str | None = None
        self.inf_roots: list[tuple[str, KeyPath]] = []
        self.submissions: list[Submission] = []
        self.labels: list[Label] = []
        self.problems: list[PlanProblem] = []
        self.suppressions = Suppressions()
        self._packages: dict[str, PackageInf | str] = {}

    def __repr__(self) -> str:
        return f"<Plan {self.path}: {len(self.submissions)} submissions, {len(self.labels)} labels>"

    # -- lookups -------------------------------------------------------------------------

    def submission(self, submission_id: str) -> Submission | None:
        """The first submission with this id (SHP013 reports duplicates)."""
        return self._submissions_by_id().get(submission_id)

    def _submissions_by_id(self) -> dict[str, Submission]:
        found: dict[str, Submission] = {}
        for submission in self.submissions:
            found.setdefault(submission.id, submission)
        return found

    def value_span(self, key: KeyPath) -> Span:
        return self.spans.value(key)

    def key_span(self, key: KeyPath) -> Span:
        return self.spans.key(key)

    # -- the INF files submissions name ----------------------------------------------------

    def package(self, submission: Submission) -> PackageInf | None:
        """The submission's INF, read and summarized; ``None`` when it cannot be read (see :meth:`package_problem`)."""
        found = self._package(submission)
        return found if isinstance(found, PackageInf) else None

    def package_problem(self, submission: Submission) -> str | None:
        """Why the submission's INF cannot be used, or ``None`` when it can."""
        found = self._package(submission)
        return found if isinstance(found, str) else None

    def _package(self, submission: Submission) -> PackageInf | str:
        found = self._packages.get(submission.inf)
        if found is None:
            found = self._packages[submission.inf] = self._read_package(submission.inf)
        return found

    def _read_package(self, written: str) -> PackageInf | str:
        if self.source is None:
            return f"INF '{written}' cannot be found: the plan was not read from a file"
        base = self.source.parent
        target = _resolved(base, written)
        if target is None:
            if "\0" in written:
                shown = written.replace("\0", "\\0")
                return f"INF '{shown}' is not a usable path: it contains a NUL character"
            return f"INF '{written}' is not a usable path"
        roots = self.allowed_roots()
        if not any(_is_within(target, root) for root in roots):
            return (
                f"INF '{written}' resolves to {target}, outside the plan's repository ({roots[0]}); "
                "list its folder in inf_roots to allow it"
            )
        try:
            if self.read_inf is not None:
                return summarize(target, self.read_inf(target))
            mode = os.stat(target).st_mode
            if stat.S_ISDIR(mode):
                return f"INF '{written}' is a folder, not a file"
            if not stat.S_ISREG(mode):
                # A pipe or a device would block the check or never end.
                return f"INF '{written}' is not a regular file"
            return read_package_inf(target)
        except FileNotFoundError:
            return f"INF '{written}' does not exist (looked for {target})"
        except OSError as error:
            return f"INF '{written}' cannot be read: {error.strerror or error}"

    def allowed_roots(self) -> list[FilePath]:
        """The folders INF paths may resolve into: the repository, then any ``inf_roots``."""
        assert self.source is not None
        base = self.source.parent
        roots = [repository_root(base)]
        for folder, _ in self.inf_roots:
            resolved = _resolved(base, folder)
            if resolved is not None:  # an unusable folder is reported by SHP014 and allows nothing
                roots.append(resolved)
        return roots


def _resolved(base: FilePath, written: str) -> FilePath | None:
    """``written`` resolved from ``base`` with every symbolic link followed; ``None`` when the
    operating system cannot take it as a path at all (a NUL character, a name too long)."""
    try:
        return FilePath(os.path.realpath(base / written))
    except (OSError, ValueError):
        return None


def _is_within(path: FilePath, root: FilePath) -> bool:
    return path == root or root in path.parents


# -- reading a plan --------------------------------------------------------------------------


def parse_plan(
    data: bytes, path: str, source: FilePath | None = None, read_inf: Callable[[FilePath], bytes] | None = None
) -> Plan:
    """Parse a plan file's bytes; ``source`` is where it lives, for resolving INF paths.

    ``read_inf`` reads the INF files the plan names (the staged versions, for a
    pre-commit check); by default they are read from disk.
    """
    try:
        check_size(len(data))
    except TomlRefused as error:
        plan = Plan(path, "", source, read_inf)
        plan.problems.append(PlanProblem(Span(1, 1, 1, 1), f"plan not read: {error.reason}"))
        return plan
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        plan = Plan(path, data.decode("utf-8", errors="replace"), source, read_inf)
        plan.problems.append(PlanProblem(_byte_span(data, error.start), "a plan file must be UTF-8 text (TOML)"))
        return plan
    plan = Plan(path, text, source, read_inf)
    if "\0" in text:
        plan.problems.append(
            PlanProblem(_char_span(text, text.index("\0")), "a plan file must be text, not binary data")
        )
        return plan
    try:
        data_read = loads(text)
    except TomlRefused as error:
        plan.problems.append(
            PlanProblem(Span(error.line, error.column, error.line, error.column + 1), f"plan not read: {error.reason}")
        )
        return plan
    except ValueError as error:
        plan.problems.append(_syntax_problem(text, error))
        return plan
    plan.spans = locate(text)
    plan.suppressions = find_comment_suppressions(plan.spans.comments, plan.spans.statement_lines)
    _Reader(plan).read(data_read)
    return plan


def _syntax_problem(text: str, error: ValueError) -> PlanProblem:
    message = str(error)
    match = _TOML_POSITION.search(message)
    if match is None:
        if message.endswith(_AT_END):
            # Something left open (an array, a string) runs into the end of the file: point there.
            line = text.count("\n") + 1
            column = len(text) - (text.rfind("\n") + 1) + 1
            reason = message.removesuffix(_AT_END).strip()
            return PlanProblem(
                Span(line, column, line, column),
                f"invalid TOML: {reason[:1].lower()}{reason[1:]} at the end of the file",
            )
        return PlanProblem(Span(1, 1, 1, 1), f"invalid TOML: {message}")
    line, column = int(match.group(1)), int(match.group(2))
    reason = message[: match.start()].strip()
    # TOML ends a line at LF or CR LF only; str.splitlines would also split at CR, U+2028 and more.
    lines = _TOML_LINE_BREAK.split(text)
    line_text = lines[line - 1] if 0 < line <= len(lines) else ""
    end_column = len(line_text) + 1 if column <= len(line_text) else column
    return PlanProblem(
        Span(line, column, line, max(end_column, column)), f"invalid TOML: {reason[:1].lower()}{reason[1:]}"
    )


def _char_span(text: str, offset: int) -> Span:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, column, line, column + 1)


def _byte_span(data: bytes, offset: int) -> Span:
    line = data.count(b"\n", 0, offset) + 1
    return Span(line, 1, line, 1)


class _Reader:
    """Checks the parsed TOML against the plan schema, keeping what is well-formed."""

    def __init__(self, plan: Plan):
        self.plan = plan

    def problem(self, key: KeyPath, message: str, at_key: bool = False) -> None:
        span = self.plan.key_span(key) if at_key else self.plan.value_span(key)
        self.plan.problems.append(PlanProblem(span, escape_control_characters(message)))

    def unknown_keys(self, table: dict, known: tuple[str, ...], key: KeyPath, what: str) -> None:
        for name in table:
            if name not in known:
                self.problem(key + (name,), f"unknown key '{name}' in {what} (known: {', '.join(known)})", at_key=True)

    def read(self, data: dict[str, Any]) -> None:
        plan = self.plan
        self.unknown_keys(data, _TOP_KEYS, (), "a plan")
        if "organization" in data:
            plan.organization = self.string(data, "organization", ())
        roots = data.get("inf_roots", [])
        if self.is_string_list(roots, ("inf_roots",), "inf_roots"):
            plan.inf_roots = [(folder, ("inf_roots", number)) for number, folder in enumerate(roots)]
            for folder, key in plan.inf_roots:
                if "\0" in folder:
                    self.problem(key, "a folder of 'inf_roots' cannot contain a NUL character")
        for number, table in self.tables(data, "submission"):
            submission = self.submission(table, ("submission", number))
            if submission is not None:
                plan.submissions.append(submission)
        for number, table in self.tables(data, "label"):
            label = self.label(table, ("label", number))
            if label is not None:
                plan.labels.append(label)

    def tables(self, data: dict, name: str) -> list[tuple[int, dict]]:
        """The ``[[name]]`` tables with their positions in the array; anything else is reported once."""
        tables = data.get(name, [])
        if not isinstance(tables, list):
            self.problem((name,), f"'{name}' must be written as [[{name}]] tables")
            return []
        kept = []
        for number, table in enumerate(tables):
            if isinstance(table, dict):
                kept.append((number, table))
            else:
                self.problem((name, number), f"every {name} must be a table")
        return kept

    # -- typed values ------------------------------------------------------------------------

    def string(self, table: dict, name: str, key: KeyPath, required: bool = False, what: str = "") -> str | None:
        if name not in table:
            if required:
                self.problem(key, f"{what} needs '{name}'", at_key=True)
            return None
        value = table[name]
        if not isinstance(value, str):
            self.problem(key + (name,), f"'{name}' must be a string")
            return None
        if required and not value.strip():
            self.problem(key + (name,), f"'{name}' must not be empty")
            return None
        return value

    def choice(self, table: dict, name: str, key: KeyPath, choices: tuple[str, ...], default: str | None) -> str | None:
        value = self.string(table, name, key)
        if value is None:
            return default if name not in table else None
        if value not in choices:
            self.problem(key + (name,), f"'{name}' must be one of {', '.join(choices)}, not '{value}'")
            return None
        return value

    def boolean(self, table: dict, name: str, key: KeyPath) -> bool:
        value = table.get(name, False)
        if not isinstance(value, bool):
            self.problem(key + (name,), f"'{name}' must be true or false")
            return False
        return value

    def is_string_list(self, value: Any, key: KeyPath, name: str) -> bool:
        if not isinstance(value, list):
            self.problem(key, f"'{name}' must be a list of strings")
            return False
        good = True
        for number, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(key + (number,), f"every item of '{name}' must be a string")
                good = False
        return good

    def id_list(self, table: dict, name: str, key: KeyPath) -> tuple[str, ...] | None:
        """A list of hardware IDs, or ``"all"`` (returned as ``None``)."""
        value = table[name]
        if value == "all":
            return None
        if isinstance(value, str):
            self.problem(key + (name,), f"'{name}' must be a list of hardware IDs or \"all\", not '{value}'")
            return ()
        if not self.is_string_list(value, key + (name,), name):
            return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()
        return tuple(value)

    # -- tables ------------------------------------------------------------------------------

    def submission(self, table: dict, key: KeyPath) -> Submission | None:
        self.unknown_keys(table, _SUBMISSION_KEYS, key, "a submission")
        submission_id = self.string(table, "id", key, required=True, what="a submission")
        inf = self.string(table, "inf", key, required=True, what=f"submission '{submission_id or '?'}'")
        signing = self.choice(table, "signing", key, SIGNINGS, "hlk") or "hlk"
        category = self.string(table, "category", key)
        architectures: tuple[str, ...] = ()
        if "architectures" in table and self.is_string_list(
            table["architectures"], key + ("architectures",), "architectures"
        ):
            for number, architecture in enumerate(table["architectures"]):
                if architecture.lower() not in ARCHITECTURES:
                    self.problem(
                        key + ("architectures", number),
                        f"unknown architecture '{architecture}' (known: {', '.join(ARCHITECTURES)})",
                    )
            architectures = tuple(table["architectures"])
        dua_of = self.string(table, "dua_of", key)
        deprecated = self.boolean(table, "deprecated", key)
        received = self.received(table["received"], key + ("received",)) if "received" in table else None
        # Checked to the end first, so that every problem of the table is reported at once.
        if submission_id is None or inf is None:
            return None
        return Submission(key, submission_id, inf, signing, category, architectures, dua_of, deprecated, received)

    def received(self, table: Any, key: KeyPath) -> Received | None:
        if not isinstance(table, dict):
            self.problem(key, "'received' must be a table: { from = \"...\", hwids = [...], ... }")
            return None
        self.unknown_keys(table, _RECEIVED_KEYS, key, "'received'")
        organization = self.string(table, "from", key, required=True, what="'received'")
        shared_product_id = self.string(table, "shared_product_id", key)
        hwids = self.id_list(table, "hwids", key) if "hwids" in table else None
        require_chids = self.boolean(table, "require_chids", key)
        if organization is None:
            return None
        return Received(organization, shared_product_id, hwids, require_chids)

    def label(self, table: dict, key: KeyPath) -> Label | None:
        self.unknown_keys(table, _LABEL_KEYS, key, "a label")
        label_id = self.string(table, "id", key, required=True, what="a label")
        what = f"label '{label_id or '?'}'"
        submission = self.string(table, "submission", key, required=True, what=what)
        destination = self.choice(table, "destination", key, DESTINATIONS, None)
        if "destination" not in table:
            self.problem(key, f"{what} needs 'destination' (windows-update or partner)", at_key=True)
        partner = self.string(table, "partner", key)
        if destination == "partner" and partner is None and "partner" not in table:
            self.problem(key + ("destination",), f'{what} goes to a partner but names none: add partner = "..."')
        if destination == "windows-update":
            for partner_only in ("partner", "require_receiver_chids"):
                if partner_only in table:
                    self.problem(
                        key + (partner_only,),
                        f"'{partner_only}' applies only to labels with destination = \"partner\"",
                        at_key=True,
                    )
        require_receiver_chids = self.boolean(table, "require_receiver_chids", key)
        if "hwids" in table:
            hwids = self.id_list(table, "hwids", key)
        else:
            self.problem(key, f"{what} needs 'hwids' (a list of hardware IDs, or \"all\")", at_key=True)
            hwids = ()
        chids: tuple[str, ...] = ()
        if "chids" in table and self.is_string_list(table["chids"], key + ("chids",), "chids"):
            for number, chid in enumerate(table["chids"]):
                if not _GUID.match(chid.strip()):
                    self.problem(
                        key + ("chids", number),
                        f"CHID '{chid}' is not a GUID such as {{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}}",
                    )
            chids = tuple(table["chids"])
        audience = self.string(table, "audience", key)
        delivery = self.choice(table, "delivery", key, DELIVERIES, "manual") or "manual"
        status = self.choice(table, "status", key, STATUSES, "draft") or "draft"
        if label_id is None or submission is None or destination is None:
            return None
        return Label(
            key,
            label_id,
            submission,
            destination,
            partner,
            require_receiver_chids,
            hwids,
            chids,
            audience,
            delivery,
            status,
        )


def normalized_chids(chids: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalize_chid(chid) for chid in chids if _GUID.match(chid.strip()))
