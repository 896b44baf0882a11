"""The rule engine: the rule registry, running rules over a document, suppressions.

Every consumer (the command line, a hook, an editor) calls
:func:`check_document` with the rule settings that apply to the file, so the
same rules run the same way everywhere.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from infcheck.diagnostics import (
    INTERNAL_ERROR as INTERNAL_ERROR,
)
from infcheck.diagnostics import (
    SEVERITIES,
    Diagnostic,
    Fix,
    escape_control_characters,
    internal_error_finding,
)
from infcheck.diagnostics import (
    is_internal_error as is_internal_error,
)
from infcheck.document import Document, Entry, Section, Span, SyntaxIssue, written_key
from infcheck.hwid import HardwareId
from infcheck.index import Index
from infcheck.patterns import LazyPattern
from infcheck.suppress import Suppressions, find_suppressions

if TYPE_CHECKING:
    from typing_extensions import Self

    from infcheck.inf_facts import InfFacts
    from infcheck.publish.plan import Plan
    from infcheck.wider import PackageFolder, PreviousVersion

_DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Source")

# What a rule's findings depend on, which decides the context its ``check`` receives and tells the
# incremental checker what it may skip after an edit:
# "document": anything in the file; the rule gets a DocumentContext (the document and its index) and
#     runs on every check. The explicit exception: a rule says so only when it needs the whole file.
# "section": what it reports about a header, an entry or an unreadable line depends only on that line,
#     the kind of section an entry is in (none, a strings section, another) and which string tokens are
#     defined (never what they stand for), and it reports it on that line; it gets a SectionContext,
#     which holds some of the file's headers, entries, preamble lines and syntax issues and no index.
# "device-id": it judges each device ID on its own; it gets a DeviceIdContext holding some IDs only.
# "package": its findings depend on the files beside the INF (the package folder) or on the INF's
#     previous version; it gets a PackageContext and runs once a tree is checked on disk, never on
#     standard input nor in an editor, and never from a per-file cache (see infcheck/wider.py).
# "repository": its findings depend on every checked INF; it gets a RepositoryContext, once per run.
# Plan rules (APPLIES_TO = "plan") get a PlanContext, whatever their scope.
SCOPES = ("document", "section", "device-id", "package", "repository")
# The scopes whose findings depend on more than the file's own bytes.
WIDER_SCOPES = frozenset({"package", "repository"})


# A document rule may declare ``TRIGGERS``: the things without which a file cannot give it a finding,
# each a directive (an entry key, lower case: ``"addreg"``) or a section (its name up to the first
# dot, lower case, in brackets: ``"[sourcedisksfiles]"``). The engine skips the rule on a file that
# holds none of them (see present_triggers): for a rule whose directives are rare that is most
# files, and a rule call that finds nothing, with the model answers it asks for, costs more than the test.
# Triggers are only ever a shortcut: tests/test_rule_triggers.py runs every rule without them and
# fails if it finds anything in a file that holds none. They pay for rules whose work is more than a
# look-up and whose directives are rare; the foundation rules run on nearly every file and look
# only at what the index already holds, so they have none or a section: a run without a profile
# then settles its triggers from the headers alone, without a look at every line.
_TRIGGER = LazyPattern(r"[a-z0-9_.]+|\[[^\[\]]+\]")


class Option(NamedTuple):
    """A per-rule setting: its type, default and one line of help."""

    kind: type
    default: Any
    help: str


class Rule(NamedTuple):
    """A rule module's metadata and its check function."""

    code: str
    name: str
    severity: str
    doc: str
    options: Mapping[str, Option]
    check: Callable[[Any], Iterable[Diagnostic]]  # takes the context its scope names
    applies_to: str = "inf"  # or "plan": the kind of document the rule checks
    scope: str = "document"  # what its findings depend on; see SCOPES
    infverif: tuple[int, ...] = ()  # the InfVerif codes the rule mirrors
    by_default: bool = True  # False: runs only when selected by name, code or prefix (--select PKG)
    triggers: frozenset[str] = frozenset()  # what a file must hold for the rule to run; see TRIGGERS below

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip()

    @property
    def prefix(self) -> str:
        letters = re.match(r"[A-Z]+", self.code)
        return letters.group() if letters else ""

    @property
    def documentation(self) -> str:
        """The rule's whole help in Markdown: a title line, the documentation and its options."""
        options = ""
        if self.options:
            options = "\n## Options\n" + "".join(
                f"- `{name}` ({option.kind.__name__}, default {option.default!r}): {option.help}\n"
                for name, option in self.options.items()
            )
        mirrors = f"; InfVerif {', '.join(map(str, self.infverif))}" if self.infverif else ""
        return f"{self.code} {self.name} (default level: {self.severity}{mirrors})\n\n{self.doc}\n{options}"

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        doc = _clean_docstring(module.__doc__ or "")
        missing = [heading for heading in _DOC_HEADINGS if heading not in doc]
        if missing:
            raise TypeError(f"rule {module.CODE} documentation lacks {', '.join(missing)}")
        if module.SEVERITY not in SEVERITIES:
            raise TypeError(f"rule {module.CODE} has an unknown severity {module.SEVERITY!r}")
        applies_to = getattr(module, "APPLIES_TO", "inf")
        if applies_to not in ("inf", "plan"):
            raise TypeError(f"rule {module.CODE} applies to an unknown kind of file {applies_to!r}")
        scope = getattr(module, "SCOPE", "document")
        if scope not in SCOPES:
            raise TypeError(f"rule {module.CODE} has an unknown scope {scope!r}")
        expected = context_class(applies_to, scope).__name__
        if _context_annotation(module.check) != expected:
            raise TypeError(f"rule {module.CODE} must declare check(ctx: {expected}), the context its scope gives")
        triggers = frozenset(getattr(module, "TRIGGERS", ()))
        if triggers and scope != "document":
            raise TypeError(f"rule {module.CODE} of scope {scope} cannot have triggers, only a document rule can")
        malformed = sorted(trigger for trigger in triggers if not _TRIGGER.fullmatch(trigger))
        if malformed:
            raise TypeError(f"rule {module.CODE} has malformed triggers {malformed}: write 'directive' or '[section]'")
        return cls(
            module.CODE,
            module.NAME,
            module.SEVERITY,
            doc,
            getattr(module, "OPTIONS", {}),
            module.check,
            applies_to,
            scope,
            tuple(getattr(module, "INFVERIF", ())),
            bool(getattr(module, "BY_DEFAULT", True)),
            triggers,
        )


def _context_annotation(check: Callable[..., Any]) -> str | None:
    """The name of the type ``check`` declares for its context (annotations are text in rule modules).

    Read from the function's code and annotations rather than with ``inspect``,
    whose import would cost every start more than registering all the rules.
    """
    code = getattr(check, "__code__", None)
    if code is None or code.co_argcount != 1 or code.co_kwonlyargcount or code.co_flags & 0x0C:
        return None  # 0x0C: *args or **kwargs
    annotation = getattr(check, "__annotations__", {}).get(code.co_varnames[0])
    if annotation is None:
        return None
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None)


def _clean_docstring(doc: str) -> str:
    """``doc`` without its common indentation and surrounding blank lines, as ``inspect.cleandoc`` gives it."""
    lines = doc.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents, default=0)
    lines = [lines[0].lstrip()] + [line[margin:] for line in lines[1:]]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


class RuleSettings(NamedTuple):
    """How one rule runs for one file: its severity, option values and the InfVerif mode mirrored."""

    rule: Rule
    severity: str
    options: Mapping[str, Any]
    profile: str | None = None  # the profile (infcheck.profiles) the run mirrors, if any


class RuleContext:
    """What every rule's ``check`` receives: the running rule's options and a way to report.

    A rule never gets this class itself but the subclass its scope names (see
    :data:`SCOPES` and :func:`context_class`), which holds only what a rule of
    that scope may read. Each class has ``__slots__``, so reading anything else
    (``ctx.index`` in a section rule) fails at once on the first check instead of
    giving stale findings in an editor later.

    The engine moves one context from rule to rule of the same scope, which is
    safe because each rule's diagnostics are collected before the next rule starts.
    """

    __slots__ = ("path", "settings")

    def __init__(self, path: str):
        self.path = path
        self.settings: RuleSettings | None = None

    def use(self, settings: RuleSettings) -> Self:
        self.settings = settings
        return self

    @property
    def options(self) -> Mapping[str, Any]:
        """The option values of the rule being run (``{}`` before any rule)."""
        return self.settings.options if self.settings is not None else {}

    @property
    def profile(self) -> str | None:
        """The InfVerif mode the run mirrors (see :mod:`infcheck.profiles`), ``None`` without one:
        a few checks take exceptions in one mode (``whql``) that the level table cannot express."""
        return self.settings.profile if self.settings is not None else None

    def report(self, span: Span, message: str, fix: Fix | None = None) -> Diagnostic:
        settings = self.settings
        if settings is None:
            raise RuntimeError("report() called outside a running rule")
        rule = settings.rule
        # Messages quote the file; a control character in one must not forge or hide a report line.
        message = escape_control_characters(message)
        return Diagnostic(rule.code, rule.name, settings.severity, message, span, fix, self.path)


class DocumentContext(RuleContext):
    """The context of a whole-document rule: the document and its index (built on first use
    and shared by every rule)."""

    __slots__ = ("_index", "document")

    def __init__(self, document: Document, index: Index | None = None):
        super().__init__(document.path)
        self.document = document
        self._index = index

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = document_index(self.document)
        return self._index


def document_index(document: Document) -> Index:
    """``document``'s index: the one a check of it already built, else a new one, kept with the document
    so that what runs after the per-file rules (the package facts, see infcheck/inf_facts.py) reads it."""
    index = document.derived.get("index")
    if not isinstance(index, Index):
        index = document.derived["index"] = Index(document)
    return index


class SectionContext(RuleContext):
    """The context of a section rule: some headers, entries, preamble lines and syntax issues
    of a document (all of them, or the ones an edit touched), and what a rule may know beyond
    them: whether a string token is defined. No index and no lookup of other sections."""

    __slots__ = ("_document",)

    def __init__(self, document: Document):
        super().__init__(document.path)
        self._document = document

    @property
    def sections(self) -> list[Section]:
        return self._document.sections

    @property
    def entries(self) -> list[Entry]:
        """The entries to judge, those before the first header included."""
        return self._document.entries

    @property
    def preamble(self) -> list[Entry]:
        return self._document.preamble

    @property
    def syntax_issues(self) -> list[SyntaxIssue]:
        return self._document.syntax_issues

    def span(self, start: int, end: int) -> Span:
        return self._document.span(start, end)

    def defines(self, token_name: str) -> bool:
        """Whether the document's string sections define ``%token_name%`` (in any language)."""
        return self._document.strings.defines(token_name)


class JudgedId(Protocol):
    """What a device-id rule reads of one ID: a Models entry's (:class:`infcheck.index.DeviceId`)
    or a publishing label's."""

    @property
    def hardware_id(self) -> HardwareId: ...

    @property
    def span(self) -> Span: ...

    @property
    def kind(self) -> str: ...

    def span_of(self, start: int, end: int) -> Span: ...


class DeviceIdContext(RuleContext):
    """The context of a device-id rule: the IDs to judge, each on its own, and the setup class
    of the INF file that lists them (``None`` for the IDs of a publishing label)."""

    __slots__ = ("device_class", "device_ids")

    def __init__(self, path: str, device_ids: Sequence[JudgedId], device_class: str | None = None):
        super().__init__(path)
        self.device_ids = device_ids
        self.device_class = device_class


class PlanContext(RuleContext):
    """The context of a plan rule: the publishing plan."""

    __slots__ = ("document",)

    def __init__(self, plan: Plan):
        super().__init__(plan.path)
        self.document = plan


class PackageContext(RuleContext):
    """The context of a package rule: one INF checked on disk, what it describes (``facts``), the
    package folder it lies in with the other INF files there (``package``), and, with
    ``--since REF``, its version at REF.

    ``previous_index`` is the index of the INF as it was at REF (``None`` without ``--since``, or
    when the file did not exist there): the documented way for a rule to compare a value with its
    previous version (DriverVer, FirmwareVersion...). It is parsed on first use.
    """

    __slots__ = ("_previous_index", "facts", "package", "previous", "since")

    def __init__(
        self,
        facts: InfFacts,
        package: PackageFolder,
        previous: PreviousVersion | None = None,
        since: str | None = None,
    ):
        super().__init__(facts.path)
        self.facts = facts
        self.package = package
        self.previous = previous
        self.since = since  # the revision --since names, for messages
        self._previous_index: Index | None = None

    @property
    def previous_index(self) -> Index | None:
        if self.previous is None:
            return None
        if self._previous_index is None:
            self._previous_index = self.previous.index()
        return self._previous_index

    @property
    def previous_facts(self) -> InfFacts | None:
        return self.previous.facts() if self.previous is not None else None


class RepositoryContext(RuleContext):
    """The context of a repository rule: what every INF checked in the run describes, in path order.
    A repository rule reports in any of those files with :meth:`report_in`."""

    __slots__ = ("infs",)

    def __init__(self, infs: Sequence[InfFacts]):
        super().__init__("")
        self.infs = infs

    def report_in(self, inf: InfFacts, span: Span, message: str) -> Diagnostic:
        return self.report(span, message)._replace(path=inf.path)


_CONTEXT_BY_SCOPE: dict[str, type[RuleContext]] = {
    "document": DocumentContext,
    "section": SectionContext,
    "device-id": DeviceIdContext,
    "package": PackageContext,
    "repository": RepositoryContext,
}


def context_class(applies_to: str, scope: str) -> type[RuleContext]:
    """The class of context a rule's ``check`` receives."""
    return PlanContext if applies_to == "plan" else _CONTEXT_BY_SCOPE[scope]


class RuleCrash(RuntimeError):
    """A rule raised an exception: a bug in infcheck, reported with the rule and file."""

    def __init__(self, code: str, path: str, error: BaseException):
        super().__init__(f"rule {code} failed on {path}: {type(error).__name__}: {error}")
        self.code = code
        self.path = path


# The name of a finding that stands for a failure of infcheck itself rather than a problem in the file.
def without_crashes(
    check: Callable[[list[RuleSettings]], list[Diagnostic]], rules: Iterable[RuleSettings]
) -> list[Diagnostic]:
    """``check(rules)``, except that a rule that crashes is left out and stands as one internal-error
    finding carrying its code: the other rules' findings are still all there, and nothing is raised."""
    rules = list(rules)
    crashed: list[Diagnostic] = []
    while True:
        try:
            found = check(rules)
        except RuleCrash as crash:
            crashed.append(internal_error_finding(crash.code, crash.path, str(crash)))
            rules = [settings for settings in rules if settings.rule.code != crash.code]
            continue
        if not crashed:
            return found
        return sorted(found + crashed, key=_sort_key)


# Encoding problems are the only thing worth saying about a file that is not text.
_BINARY_FILE_RULES = frozenset({"INF002"})


# A rule reports at most this many findings in one file; one more finding says how many it left out.
# A hostile line can hold millions of things to report, and each report costs a few kilobytes.
FINDINGS_PER_RULE = 10_000


def check_document(document: Document | Plan, rules: Iterable[RuleSettings]) -> list[Diagnostic]:
    """Run ``rules`` over ``document`` and return the diagnostics that are not suppressed, sorted,
    with at most :data:`FINDINGS_PER_RULE` from one rule (see :func:`limit_findings`).

    ``document`` is an INF :class:`Document` or a publishing :class:`Plan`; each
    gets the rules written for its kind, and each rule the context its scope names.
    A rule that raises raises :class:`RuleCrash` (see :func:`without_crashes`).
    """
    if document.kind == "plan":
        plan: Plan = document  # type: ignore[assignment]
        plan_rules = [settings for settings in rules if settings.rule.applies_to == "plan"]
        return _checked(_contexts_for_plan(plan), plan_rules, plan.suppressions)
    inf: Document = document  # type: ignore[assignment]
    if inf.encoding.binary:
        rules = [settings for settings in rules if settings.rule.code in _BINARY_FILE_RULES]
    else:
        always, gated = _per_file_rules(rules)
        rules = always + _triggered(inf, gated) if gated else always
    return _checked(_contexts_for_inf(inf), rules, find_suppressions(inf))


# A rule with triggers, its triggers, and whether they are all sections (settled by the headers alone).
# Plain tuples: a named tuple class costs every start of the command more than it would save here.
_Gated = tuple[RuleSettings, frozenset[str], bool]
# The INF rules of a run that judge one file on its own: those without triggers, and the others.
_PerFileRules = tuple[list[RuleSettings], list[_Gated]]


def _gated(settings: RuleSettings) -> _Gated:
    triggers = settings.rule.triggers
    return settings, triggers, all(trigger.startswith("[") for trigger in triggers)


# The rules a run passes for its last file and those of them that run per file: a run passes the same
# rules for every file, which are then picked once instead of once per file.
_last_per_file_rules: tuple[tuple[RuleSettings, ...], _PerFileRules] = ((), ([], []))


def _per_file_rules(rules: Iterable[RuleSettings]) -> _PerFileRules:
    """The INF rules among ``rules`` that judge one file on its own (package and repository rules
    see more than one file, and infcheck.wider runs them), those with triggers apart."""
    global _last_per_file_rules
    given = tuple(rules)
    last_given, last_picked = _last_per_file_rules
    # The same settings objects compare equal at once, one identity test each.
    if given == last_given:
        return last_picked
    always: list[RuleSettings] = []
    gated: list[_Gated] = []
    for settings in given:
        rule = settings.rule
        if rule.applies_to == "inf" and rule.scope not in WIDER_SCOPES:
            if rule.triggers:
                gated.append(_gated(settings))
            else:
                always.append(settings)
    picked = (always, gated)
    _last_per_file_rules = (given, picked)
    return picked


def triggered_rules(document: Document, rules: Iterable[RuleSettings]) -> list[RuleSettings]:
    """The rules that can find something in ``document``: those without triggers, and those
    with a trigger the document holds (see ``TRIGGERS`` above), in the order given."""
    rules = list(rules)
    running = {id(settings) for settings in _triggered(document, [_gated(s) for s in rules if s.rule.triggers])}
    return [settings for settings in rules if not settings.rule.triggers or id(settings) in running]


def _triggered(document: Document, gated: list[_Gated]) -> list[RuleSettings]:
    # The sections are known from the headers alone; the directives cost a look at every line,
    # so they are worked out only for a rule that none of the file's sections lets run.
    roots = _section_roots(document)
    present: frozenset[str] | None = None
    picked = []
    for settings, triggers, sections_only in gated:
        if triggers.isdisjoint(roots):
            if sections_only:
                continue
            if present is None:
                present = present_triggers(document)
            if triggers.isdisjoint(present):
                continue
        picked.append(settings)
    return picked


def present_triggers(document: Document) -> frozenset[str]:
    """What ``document`` holds that a rule's triggers can name: the lower-case key of every entry
    outside [Strings] (whose keys are token names) and ``[root]`` for every section name (the name
    up to its first dot), worked out once per text."""
    present = document.derived.get("triggers")
    if present is None:
        text = document.text
        found = set(_section_roots(document))
        for section in document.sections:
            if not section.is_strings:
                _add_keys(text, section.entries, found)
        _add_keys(text, document.preamble, found)
        present = document.derived["triggers"] = frozenset(found)
    return present  # type: ignore[return-value]


def _section_roots(document: Document) -> frozenset[str]:
    roots = document.derived.get("trigger_roots")
    if roots is None:
        roots = document.derived["trigger_roots"] = frozenset(
            ["[" + section.key.split(".", 1)[0] + "]" for section in document.sections]
        )
    return roots  # type: ignore[return-value]


def _add_keys(text: str, entries: list[Entry], found: set[str]) -> None:
    for entry in entries:
        key = written_key(text, entry)
        if key is not None:
            found.add(key)


class _Suppressions(Protocol):
    def suppresses(self, diagnostic: Diagnostic) -> bool: ...


def _checked(
    context_for: Callable[[Rule], RuleContext], rules: list[RuleSettings], suppressions: _Suppressions
) -> list[Diagnostic]:
    kept: list[Diagnostic] = []
    not_suppressed = _not_suppressed(suppressions)
    # Most files suppress nothing: their findings are then kept without a look at each.
    suppresses_some = not isinstance(suppressions, Suppressions) or bool(
        suppressions.file_codes or suppressions.line_codes
    )
    contexts: dict[str, RuleContext] = {}
    direct_checks = _DIRECT_CHECKS
    for settings in rules:
        rule = settings.rule
        # One context per scope: looked up here rather than through a call for each rule.
        context = contexts.get(rule.scope)
        if context is None:
            context = contexts[rule.scope] = context_for(rule)
        # The rule is called directly, without a generator around it, as nearly every rule finds nothing.
        try:
            check = rule.check
            function = direct_checks.get(check)
            if function is None:
                function = _direct_check(check)
            context.settings = settings  # what context.use(settings) does, without a call for each rule
            found = iter(function(context))
            # Asking for a first finding allocates nothing, which is all a rule that finds nothing costs here.
            first_found = next(found, None)
            if first_found is None:
                continue
            # Findings are limited as they come, so a rule with millions of them never holds them all.
            first = [first_found, *itertools.islice(found, FINDINGS_PER_RULE)]
            more = len(first) > FINDINGS_PER_RULE  # the rule may have more to say
            if suppresses_some:
                first = list(filter(not_suppressed, first))
        except Exception as error:  # a rule bug must name itself, not take the whole run down silently
            raise RuleCrash(rule.code, context.path, error) from error
        if more:
            rest = filter(not_suppressed, _crashes_named(found, rule.code, context.path))
            first = _first_findings(itertools.chain(first, rest))
        kept += first
    kept.sort(key=_sort_key)
    return kept


# A rule's check may stand for another function, which it exposes as ``function`` (the registry's
# checks import their module on first use): the engine calls that function itself, since a
# file runs a couple of hundred checks and a call through the stand-in doubles the cost of
# each check that finds nothing. Only stand-ins are kept, so the table stays as small as the registry.
_DIRECT_CHECKS: dict[object, Callable[[Any], Iterable[Diagnostic]]] = {}


def _direct_check(check: Callable[[Any], Iterable[Diagnostic]]) -> Callable[[Any], Iterable[Diagnostic]]:
    function = getattr(check, "function", None)
    if function is None:
        return check
    _DIRECT_CHECKS[check] = function
    return function  # type: ignore[no-any-return]


def _not_suppressed(suppressions: _Suppressions) -> Callable[[Diagnostic], bool]:
    suppresses = suppressions.suppresses
    return lambda diagnostic: not suppresses(diagnostic)


def _crashes_named(found: Iterator[Diagnostic], code: str, path: str) -> Iterator[Diagnostic]:
    """The rest of a rule's findings, a crash while finding them named as the rule's."""
    try:
        yield from found
    except Exception as error:
        raise RuleCrash(code, path, error) from error


def _contexts_for_inf(document: Document) -> Callable[[Rule], RuleContext]:
    """A function giving each rule the context of its scope, each context made once, on first use."""
    made: dict[str, RuleContext] = {}

    def context_for(rule: Rule) -> RuleContext:
        context = made.get(rule.scope)
        if context is None:
            context = made[rule.scope] = _new_context(rule.scope, document, made)
        return context

    return context_for


def _new_context(scope: str, document: Document, made: dict[str, RuleContext]) -> RuleContext:
    if scope == "section":
        return SectionContext(document)
    whole = made.get("document")
    if whole is None:
        whole = made["document"] = DocumentContext(document)
    if scope == "device-id":
        index = whole.index  # type: ignore[attr-defined]
        return DeviceIdContext(document.path, index.all_device_ids, index.version.text("Class"))
    return whole


def _contexts_for_plan(plan: Plan) -> Callable[[Rule], RuleContext]:
    context = PlanContext(plan)
    return lambda rule: context


def limit_findings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted diagnostics, with each rule's beyond the first :data:`FINDINGS_PER_RULE` replaced by one
    that says how many were left out (what :func:`check_document` returns for the same findings)."""
    by_code: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_code.setdefault(diagnostic.code, []).append(diagnostic)
    if all(len(found) <= FINDINGS_PER_RULE for found in by_code.values()):
        return diagnostics
    kept: list[Diagnostic] = []
    for found in by_code.values():
        kept += _first_findings(iter(found))
    kept.sort(key=_sort_key)
    return kept


def _first_findings(found: Iterator[Diagnostic]) -> list[Diagnostic]:
    """One rule's findings, for the caller to sort: all of them when there are at most
    :data:`FINDINGS_PER_RULE`; otherwise the first that many in sorted order (ties in the order
    found) and one at the first left out saying how many more there were."""
    # Nearly every rule finds little: take what it finds as it comes, and only keep the
    # smallest with a heap when it finds more than the cap.
    first = list(itertools.islice(found, FINDINGS_PER_RULE + 1))
    if len(first) <= FINDINGS_PER_RULE:
        return first
    rest = _Counted(found)
    taken = len(first)
    first = heapq.nsmallest(FINDINGS_PER_RULE + 1, itertools.chain(first, rest), key=_sort_key)
    left_out = first.pop()
    more = taken + rest.count - FINDINGS_PER_RULE
    message = f"{more} more {left_out.code} findings in this file are not reported (a rule reports at most {FINDINGS_PER_RULE} per file)"
    first.append(left_out._replace(message=message, fix=None))
    return first


class _Counted:
    """An iterator that counts what it hands out."""

    def __init__(self, items: Iterator[Diagnostic]):
        self._items = items
        self.count = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> Diagnostic:
        item = next(self._items)
        self.count += 1
        return item


def _sort_key(diagnostic: Diagnostic) -> tuple[object, ...]:
    return diagnostic.sort_key


def run_rules(context: RuleContext, rules: Iterable[RuleSettings]) -> list[Diagnostic]:
    """Run each rule over ``context``, which must be of the class the rules' scope names, without
    suppressing, limiting or sorting what they find."""
    diagnostics: list[Diagnostic] = []
    for settings in rules:
        rule = settings.rule
        if not isinstance(context, context_class(rule.applies_to, rule.scope)):
            raise TypeError(f"rule {rule.code} of scope {rule.scope} cannot run in a {type(context).__name__}")
        diagnostics.extend(run_rule(context, settings))
    return diagnostics


def run_rule(context: RuleContext, settings: RuleSettings) -> Iterator[Diagnostic]:
    """One rule's findings over ``context``, as they come (a rule may run another's ``check`` this way)."""
    try:
        yield from settings.rule.check(context.use(settings))
    except Exception as error:  # a rule bug must name itself, not take the whole run down silently
        raise RuleCrash(settings.rule.code, context.path, error) from error
