"""Checking many files: finding them, reading them, applying the right settings.

The CLI and the pre-commit hooks use :func:`check_paths`; problems with the
run itself (a missing path, an unreadable file) are collected as messages
rather than raised, so one bad path never hides the results for the others.
:func:`check_bytes` is the one way to check one file's bytes, for the runner
and the language server alike; it never raises.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from infcheck.collection import batch_collections
from infcheck.config import ConfigError, ConfigResolver
from infcheck.cpus import usable_cpu_count
from infcheck.diagnostics import ERROR, Diagnostic, internal_error_finding, is_internal_error
from infcheck.edk2 import edk2_module_reason_of
from infcheck.files import NotRegularFile, is_within, read_message, read_regular_file, repository_root
from infcheck.patterns import LazyPattern
from infcheck.publish.plan_names import is_plan_file

if TYPE_CHECKING:
    from infcheck.document import Document
    from infcheck.engine import RuleSettings
    from infcheck.publish.plan import Plan
    from infcheck.result_cache import ResultCache

if TYPE_CHECKING:
    from infcheck.inf_facts import InfFacts
    from infcheck.package_cache import FolderFindings
    from infcheck.wider import CheckedInf, SinceRevision

INF_SUFFIXES = (".inf", ".inx")


class CheckOptions(NamedTuple):
    """What to check and how, as chosen on the command line."""

    select: set[str] | None = None
    ignore: frozenset[str] | set[str] = frozenset()
    config_file: Path | None = None
    force_exclude: bool = False
    fix: bool = False
    diff: bool = False
    jobs: int | None = None  # None: as many as the processors this process may use
    profile: str | None = None  # an InfVerif mode to mirror; None: the configuration's, if any
    cache_folder: Path | None = None  # where findings of unchanged files are kept; None: nowhere
    since: str | None = None  # a git revision: check only the packages changed since it (infcheck/wider.py)


class FileResult:
    """One checked file: what remains to report, and what fixing did."""

    def __init__(self, path: str, diagnostics: list[Diagnostic]):
        self.path = path
        self.diagnostics = diagnostics
        self.fixed = 0
        self.diff = ""
        self.fixed_data: bytes | None = None
        # What the INF says about its package, for the package and repository rules (files on disk only).
        self.facts: InfFacts | None = None
        # The result cache's key for the file's findings, when it has one: it stands for everything
        # they and the facts depend on, so the package pass may key its own entries on it.
        self.cache_key: str | None = None
        self.skipped: str | None = None  # why the file was left unchecked (an EDK2 module file)

    @classmethod
    def skipped_file(cls, path: str, reason: str) -> FileResult:
        result = cls(path, [])
        result.skipped = reason
        return result


class RunResult:
    """Every file's result, and the problems with the run itself (missing or unreadable paths)."""

    def __init__(self) -> None:
        self.files: list[FileResult] = []
        self.errors: list[str] = []
        self.skipped: list[tuple[str, str]] = []  # (path, why) of files not checked: EDK2 module files
        self.notes: list[str] = []  # other files left out on purpose (CD AutoRun files), each with the reason

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = [diagnostic for result in self.files for diagnostic in result.diagnostics]
        found.sort(key=lambda diagnostic: diagnostic.sort_key)
        return found

    @property
    def has_errors(self) -> bool:
        return any(diagnostic.severity == ERROR for result in self.files for diagnostic in result.diagnostics)

    @property
    def fixed(self) -> int:
        return sum(result.fixed for result in self.files)


def _display(path: Path) -> str:
    text = path.as_posix()
    return text[2:] if text.startswith("./") else text


def discover(paths: Sequence[str], resolver: ConfigResolver, force_exclude: bool, errors: list[str]) -> Iterator[Path]:
    """The INF, INX and plan files under ``paths``, each once, in a stable order."""
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _inside_tree(sorted(_walk(path, resolver)), repository_root(path), errors)
        elif path.is_file():
            found = [path] if not (force_exclude and resolver.for_path(path).is_excluded(path)) else []
        elif path.exists():
            errors.append(f"{given}: not a regular file")
            continue
        else:
            errors.append(f"{given}: no such file or directory")
            continue
        for file in found:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                yield file


_AUTORUN_SECTION = LazyPattern(r"^[ \t]*\[autorun\]", re.IGNORECASE | re.MULTILINE)
_VERSION_SECTION = LazyPattern(r"^[ \t]*\[version\]", re.IGNORECASE | re.MULTILINE)


def is_autorun_file(path: Path) -> bool:
    """Whether ``path`` is the AutoRun file of a CD (``autorun.inf`` with an ``[AutoRun]`` section
    and no ``[Version]``): an INF by name that Windows never installs a driver from."""
    if path.name.lower() != "autorun.inf":
        return False
    try:
        data = read_regular_file(path)
    except OSError:
        return False  # the check proper says why it cannot be read
    from infcheck.decode import decode

    text = decode(data)[0]
    return _AUTORUN_SECTION.search(text) is not None and _VERSION_SECTION.search(text) is None


def _inside_tree(files: list[Path], tree: Path, errors: list[str]) -> list[Path]:
    """``files`` found in a folder, without the symbolic links that lead out of its repository
    (a repository must not make infcheck read, or ``--fix`` write, files elsewhere)."""
    kept = []
    for file in files:
        if file.is_symlink() and not is_within(file, tree):
            errors.append(f"{_display(file)}: not checked: a symbolic link to a file outside {tree}")
        else:
            kept.append(file)
    return kept


def _walk(root: Path, resolver: ConfigResolver) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(root):
        current = Path(folder)
        # Every file of a folder has the folder's configuration: it is looked up once.
        config = resolver.for_path(current / "_")
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(".") and not config.is_excluded(current / name)
        )
        for name in files:
            if is_checked_file(name):
                candidate = current / name
                if not config.is_excluded(candidate):
                    yield candidate


def is_checked_file(name: str) -> bool:
    """INF and INX files, and publishing plans, are recognised by name."""
    return name.lower().endswith(INF_SUFFIXES) or is_plan_file(name)


class FileCheck(NamedTuple):
    """One file's bytes checked: what they were read as (``None`` when even that failed) and the findings."""

    document: Document | Plan | None
    diagnostics: list[Diagnostic]


def check_bytes(
    data: bytes,
    path: str,
    rules: Iterable[RuleSettings],
    source: Path,
    read_inf: Callable[[Path], bytes] | None = None,
) -> FileCheck:
    """Parse and check one file's bytes with ``rules`` (the settings that apply to it); never raises.

    ``path`` is the path the findings carry; ``source`` is where the file lies (or would lie),
    which says by its name whether it is a publishing plan (``publish.toml``,
    ``*.publish.toml``) and is where a plan's INF paths start. A plan reads those INF files
    with ``read_inf`` (from disk by default); nothing else is read.

    A rule that crashes is left out and stands as one internal-error finding carrying its
    code (see :func:`infcheck.diagnostics.is_internal_error`); any other failure of infcheck is
    one internal-error finding without a code. The same bytes, rules and files read give the
    same findings, so a result may be kept and reused.
    """
    # The parser and the rules load on the first file that is checked rather than answered from the cache.
    from infcheck.engine import check_document, without_crashes
    from infcheck.parse import parse_bytes

    try:
        if is_plan_file(source.name):
            from infcheck.publish.plan import parse_plan  # the plan model loads only for a plan

            document: Document | Plan = parse_plan(data, path, source, read_inf)
        else:
            document = parse_bytes(data, path)
        return FileCheck(document, without_crashes(lambda kept: check_document(document, kept), rules))
    except Exception as error:  # a bug in infcheck: one finding saying so, never a traceback
        return FileCheck(None, [internal_error_finding("", path, _failure(path, error))])


def check_data(
    data: bytes,
    display: str,
    config_path: Path,
    resolver: ConfigResolver,
    options: CheckOptions,
    read_inf: Callable[[Path], bytes] | None = None,
) -> FileCheck:
    """Check one file's bytes with the settings that apply at ``config_path`` (see :func:`check_bytes`)."""
    config = resolver.for_path(config_path)
    rules = config.rules_for(config_path, options.select, options.ignore, options.profile)
    return check_bytes(data, display, rules, config_path, read_inf)


def check_one(
    data: bytes,
    display: str,
    config_path: Path,
    resolver: ConfigResolver,
    options: CheckOptions,
    read_inf: Callable[[Path], bytes] | None = None,
    with_facts: bool = False,
) -> FileResult:
    """Check one file's bytes (and with ``--fix`` or ``--diff`` fix them); ``with_facts`` keeps what
    the INF says about its package for the package and repository rules (see infcheck/wider.py)."""
    cache = _result_cache(options)
    if cache is not None and not (options.fix or options.diff) and not is_plan_file(config_path.name):
        return _cached_result(cache, data, display, config_path, resolver, options, with_facts)
    rules = resolver.for_path(config_path).rules_for(config_path, options.select, options.ignore, options.profile)
    document, diagnostics = check_bytes(data, display, rules, config_path, read_inf)
    try:
        return _finished(FileResult(display, diagnostics), document, rules, config_path, options, with_facts)
    finally:
        _release(document)


def _finished(
    result: FileResult,
    document: Document | Plan | None,
    rules: list[RuleSettings],
    config_path: Path,
    options: CheckOptions,
    with_facts: bool,
) -> FileResult:
    """A checked file's result, with its package facts when asked for, fixed with ``--fix`` or ``--diff``."""
    diagnostics = result.diagnostics
    if with_facts and document is not None:
        _keep_facts(result, document, rules)
    if (
        not (options.fix or options.diff)
        or document is None
        or document.kind != "inf"
        or document.encoding.damaged
        or document.encoding.binary
        or any(is_internal_error(diagnostic) for diagnostic in diagnostics)
    ):
        # Writing back text with replaced bytes would destroy what could not be decoded.
        return result
    from infcheck.fixes import apply_fixes, unified_diff

    new_text, applied = apply_fixes(document, diagnostics)
    if not applied:
        return result
    result.fixed = applied
    if options.diff:
        result.diff = unified_diff(document, new_text)
        return result
    result.fixed_data = document.encoding.encode(new_text)
    # Check the fixed text again, so what is reported is what remains.
    fixed_document, result.diagnostics = check_bytes(result.fixed_data, result.path, rules, config_path)
    if with_facts and fixed_document is not None:
        _keep_facts(result, fixed_document, rules)
    _release(fixed_document)
    return result


def _release(document: Document | Plan | None) -> None:
    """Free a checked INF's parts by reference counting instead of garbage collection, once its
    findings and facts are out (see :meth:`infcheck.document.Document.release`)."""
    if document is not None and document.kind == "inf":
        document.release()  # type: ignore[union-attr]


_result_caches: dict[Path, ResultCache] = {}


def _result_cache(options: CheckOptions) -> ResultCache | None:
    """This process's handle on the run's result cache (each ``-j`` worker has its own), if it has one."""
    if options.cache_folder is None:
        return None
    cache = _result_caches.get(options.cache_folder)
    if cache is None:
        from infcheck.result_cache import ResultCache

        cache = _result_caches[options.cache_folder] = ResultCache(options.cache_folder)
    return cache


def _cached_result(
    cache: ResultCache,
    data: bytes,
    display: str,
    config_path: Path,
    resolver: ConfigResolver,
    options: CheckOptions,
    with_facts: bool,
) -> FileResult:
    """An INF file's result: the stored one when the cache has it (with package facts, if asked
    for), else checked and stored."""
    config = resolver.for_path(config_path)
    key = cache.key(data, display, config.fingerprint, options.select, options.ignore, options.profile)
    stored = _stored_result(cache, key, display, with_facts)
    if stored is not None:
        return stored
    from infcheck.inputs import noting_inputs, state_of

    rules = config.rules_for(config_path, options.select, options.ignore, options.profile)
    with noting_inputs() as inputs:
        document, found = check_bytes(data, display, rules, config_path)
        result = FileResult(display, found)
        if with_facts and document is not None:
            _keep_facts(result, document, rules)
        _release(document)
    result.cache_key = key
    if not any(is_internal_error(diagnostic) for diagnostic in found):
        from infcheck.inf_facts_data import facts_data
        from infcheck.result_cache import NO_FACTS

        states = {path: state_of(path) for path in sorted(inputs)}
        cache.put(key, found, states, facts_data(result.facts) if with_facts else NO_FACTS)
    return result


def _stored_result(cache: ResultCache, key: str, display: str, with_facts: bool) -> FileResult | None:
    """The result stored under ``key``; ``None`` when there is none, or when package facts are asked
    for and the entry holds none that can be read."""
    stored = cache.get_result(key)
    if stored is None or (with_facts and not stored.has_facts):
        return None
    result = FileResult(display, stored.diagnostics)
    result.cache_key = key
    if with_facts:
        from infcheck.inf_facts_data import facts_from_data

        try:
            result.facts = facts_from_data(stored.facts)
        except ValueError:
            return None  # checked afresh, and the entry rewritten
    return result


def _keep_facts(result: FileResult, document: Document | Plan, rules: list[RuleSettings]) -> None:
    from infcheck.engine import WIDER_SCOPES

    if document.kind != "inf" or not any(settings.rule.scope in WIDER_SCOPES for settings in rules):
        return
    from infcheck.wider import facts_of

    result.facts = facts_of(document)  # type: ignore[arg-type]


def _checked(display: str, check: Callable[[], FileResult]) -> tuple[FileResult | None, list[str]]:
    """``check()``'s result, or, when infcheck failed on the file, no result and one message per failure,
    so that one bad file never hides the results for the others, nor ends the run with a traceback."""
    try:
        result = check()
    except ConfigError:
        raise  # a configuration file found only now is as unusable as one found before the run
    except Exception as error:  # fixing, or anything else around the check itself
        return None, [internal_error(display, error)]
    failures = [f"internal error: {d.message}" for d in result.diagnostics if is_internal_error(d)]
    return (None, failures) if failures else (result, [])


def _check_file(path: Path, resolver: ConfigResolver, options: CheckOptions) -> tuple[FileResult | None, list[str]]:
    """Read, check and (with ``--fix``) rewrite one file; problems with the run come back as messages."""
    display = _display(path)
    try:
        data = read_regular_file(path)
    except NotRegularFile as error:
        # A pipe, socket or device that happens to be named *.inf: reading it could block forever.
        return None, [f"{display}: {read_message(error)}"]
    except OSError as error:
        return None, [f"{display}: cannot read: {read_message(error)}"]
    skipped = _edk2_module(display, path.name, data)
    if skipped is not None:
        return skipped, []
    check = partial(check_one, data, display, path, resolver, options, None, True)  # with_facts
    result, failures = _checked(display, check)
    if result is None or result.fixed_data is None:
        return result, failures
    from infcheck.fixes import FileChanged, FixRefused, write_fixed

    try:
        write_fixed(path, data, result.fixed_data, within=repository_root(path.absolute().parent))
    except FileChanged:
        return _unfixed(result, data, path, resolver, options), [
            f"{display}: changed on disk while it was checked; not fixed"
        ]
    except FixRefused as error:
        return _unfixed(result, data, path, resolver, options), [f"{display}: not fixed: {error}"]
    except OSError as error:
        return _unfixed(result, data, path, resolver, options), [
            f"{display}: cannot write the fixes: {error.strerror or error}"
        ]
    return result, []


def internal_error(display: str, error: BaseException) -> str:
    """The one-line message for a failure of infcheck itself on one file."""
    return f"internal error: {_failure(display, error)}"


def _failure(display: str, error: BaseException) -> str:
    reason = str(error).splitlines()[0] if str(error) else ""
    return f"{display}: {type(error).__name__}{': ' + reason if reason else ''} (please report it)"


def _unfixed(
    result: FileResult, data: bytes, path: Path, resolver: ConfigResolver, options: CheckOptions
) -> FileResult:
    """The result as it stands when fixes could not be written: every problem is still there."""
    rules = resolver.for_path(path).rules_for(path, options.select, options.ignore, options.profile)
    document, result.diagnostics = check_bytes(data, result.path, rules, path)
    result.fixed, result.fixed_data, result.facts = 0, None, None
    if document is not None:
        _keep_facts(result, document, rules)
    _release(document)
    return result


# Worker-process state, set once per worker by _start_worker.
_worker_resolver: ConfigResolver | None = None
_worker_options: CheckOptions | None = None


def _start_worker(options: CheckOptions) -> None:
    global _worker_resolver, _worker_options
    _worker_options = options
    _worker_resolver = ConfigResolver(options.config_file)


def _check_in_worker(path: Path) -> tuple[FileResult | None, list[str]]:
    return _check_file(path, _worker_resolver, _worker_options)


# Below this many files per job, starting worker processes costs more than it saves.
_FILES_PER_JOB_TO_FORK = 8


def check_paths(
    paths: Sequence[str], options: CheckOptions, progress: Callable[[int, int], None] | None = None
) -> RunResult:
    """Check every INF/INX file under ``paths``; with ``options.fix`` also rewrite fixed files.

    With ``options.jobs`` above 1 and enough files, files are checked in worker
    processes; results come back in the same order, so the report is identical.
    ``progress(done, total)`` is called after each file.
    """
    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    files = []
    unchanged: list[Path] = []  # with --since: the files of the packages that did not change
    for path in discover(paths, resolver, options.force_exclude, run.errors):
        if is_autorun_file(path):
            run.notes.append(f"{_display(path)}: a CD AutoRun file, not a driver INF; not checked")
        else:
            files.append(path)
    since = None
    if options.since is not None:
        from infcheck.wider import SinceRevision

        since = SinceRevision(options.since)  # SinceError: the caller says why, in one line
        changed = {path for path in files if since.package_changed(path)}
        unchanged = [path for path in files if path not in changed]
        files = [path for path in files if path in changed]
    jobs = _jobs_for(len(files), options)
    cache = _result_cache(options)
    if jobs > 1 and cache is not None and not (options.fix or options.diff):
        outcomes = _with_stored_first(files, cache, resolver, options)
    elif jobs > 1:
        outcomes = _in_workers(files, resolver, options, jobs)
    else:
        outcomes = (_check_file(path, resolver, options) for path in files)
    with batch_collections() as start_up_over:
        for done, (result, errors) in enumerate(outcomes, start=1):
            _record(run, result, errors)
            if done == 1:
                start_up_over()
            if progress is not None:
                progress(done, len(files))
    if cache is not None:
        cache.trim_if_full()
    if any(result.facts is not None for result in run.files):
        trees = [Path(given) for given in paths if Path(given).is_dir()]
        _check_packages(run, resolver, options, since, trees, unchanged)
    return run


def _jobs_for(files: int, options: CheckOptions) -> int:
    """How many processes to check ``files`` files in (below 2: none besides this one)."""
    most = files // _FILES_PER_JOB_TO_FORK
    if most < 2:
        return most  # the processors need not be counted (that reads the cgroup's files)
    return min(options.jobs or usable_cpu_count(), usable_cpu_count(), most)


def _with_stored_first(
    files: list[Path], cache: ResultCache, resolver: ConfigResolver, options: CheckOptions
) -> Iterator[tuple[FileResult | None, list[str]]]:
    """The outcomes for ``files`` in order: the files the cache answers are answered here, and only the
    others go to worker processes (when enough of them are left to be worth starting workers for)."""
    stored: dict[int, FileResult] = {}
    for number, path in enumerate(files):
        found = _stored_file_result(cache, path, resolver, options)
        if found is not None:
            stored[number] = found
    left = [path for number, path in enumerate(files) if number not in stored]
    jobs = _jobs_for(len(left), options)
    checked = (
        _in_workers(left, resolver, options, jobs) if jobs > 1 else (_check_file(p, resolver, options) for p in left)
    )
    for number in range(len(files)):
        yield (stored[number], []) if number in stored else next(checked)


def _stored_file_result(
    cache: ResultCache, path: Path, resolver: ConfigResolver, options: CheckOptions
) -> FileResult | None:
    """What the cache holds for the INF file at ``path`` as it is now, package facts included, or
    ``None`` (also when it cannot be read)."""
    if is_plan_file(path.name):
        return None
    try:
        data = read_regular_file(path)
        config = resolver.for_path(path)
    except (OSError, ConfigError):
        return None  # checking the file says what is wrong
    display = _display(path)
    key = cache.key(data, display, config.fingerprint, options.select, options.ignore, options.profile)
    return _stored_result(cache, key, display, with_facts=True)


def _check_packages(
    run: RunResult,
    resolver: ConfigResolver,
    options: CheckOptions,
    since: SinceRevision | None,
    trees: list[Path],
    unchanged: Sequence[Path] = (),
) -> None:
    """Add the package and repository rules' findings to the files they are in (see infcheck/wider.py);
    the repository rules judge the files found in the folders ``trees``, and compare them with the
    files of the packages ``--since`` left unchecked, ``unchanged``. Without ``--since``, the result
    cache answers for the folders and the trees it holds (see infcheck/package_cache.py)."""
    from infcheck.package_cache import Taking, package_pass

    taking_part = [result for result in run.files if result.facts is not None]
    taking = []
    for result in taking_part:
        path = Path(result.path)
        taking.append(Taking(path, result.cache_key, any(_lies_in(path, tree) for tree in trees)))
    cache = _result_cache(options) if since is None and not (options.fix or options.diff) else None
    jobs = min(options.jobs or usable_cpu_count(), usable_cpu_count())

    made: dict[int, CheckedInf] = {}
    rules_by_config: dict[int, list[RuleSettings]] = {}

    def rules_of(path: Path) -> list[RuleSettings]:
        config = resolver.for_path(path)
        if config.per_file_ignores:
            return config.rules_for(path, options.select, options.ignore, options.profile)
        # The same for every file under one configuration: worked out once, not per file.
        if id(config) not in rules_by_config:
            rules_by_config[id(config)] = config.rules_for(path, options.select, options.ignore, options.profile)
        return rules_by_config[id(config)]

    def checked(position: int) -> CheckedInf:
        from infcheck.wider import CheckedInf

        if position not in made:
            path = taking[position].path
            facts = taking_part[position].facts
            made[position] = CheckedInf(path, facts, rules_of(path), taking[position].in_tree)  # type: ignore[arg-type]
        return made[position]

    def compute_folders(folders: list[list[int]]) -> list[FolderFindings]:
        from infcheck.wider import package_findings

        return package_findings([[checked(position) for position in folder] for folder in folders], since, jobs)

    def compute_repository(positions: list[int]) -> dict[str, list[Diagnostic]]:
        from infcheck.wider import repository_findings, wants_facts

        judged = [checked(position) for position in positions]
        if any(settings.rule.scope == "repository" for inf in judged for settings in inf.rules):
            others = (
                _unjudged(path, rules_of, resolver, options)
                for path in unchanged
                if any(_lies_in(path, t) for t in trees)
            )
            judged += [inf for inf in others if inf is not None and wants_facts(inf.rules)]
        return repository_findings(judged)

    try:
        found = package_pass(cache, taking, compute_folders, compute_repository)
    except Exception as error:  # a bug in infcheck: one message, and every file's own findings still stand
        run.errors.append(internal_error("package rules", error))
        return
    for position, result in enumerate(run.files):
        more = found.get(result.path)
        if not more:
            continue
        run.errors.extend(f"internal error: {d.message}" for d in more if is_internal_error(d))
        # A new result: the file's own (which a per-file cache may hold) stays as it was checked.
        widened = FileResult(result.path, [*result.diagnostics, *(d for d in more if not is_internal_error(d))])
        widened.diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
        widened.fixed, widened.diff, widened.fixed_data, widened.facts, widened.cache_key = (
            result.fixed,
            result.diff,
            result.fixed_data,
            result.facts,
            result.cache_key,
        )
        run.files[position] = widened


def _unjudged(
    path: Path, rules_of: Callable[[Path], list[RuleSettings]], resolver: ConfigResolver, options: CheckOptions
) -> CheckedInf | None:
    """An INF of a package ``--since`` left unchecked, to compare the checked ones with: its facts (from
    the result cache when it holds them, else parsed) and its rules; ``None`` when it has none."""
    from infcheck.wider import CheckedInf, facts_of

    try:
        rules = rules_of(path)
        cache = _result_cache(options)
        stored = _stored_file_result(cache, path, resolver, options) if cache is not None else None
        if stored is not None:
            facts = stored.facts
        else:
            data = read_regular_file(path)
            if is_plan_file(path.name) or edk2_module_reason_of(data) is not None:
                return None
            from infcheck.parse import parse_bytes

            facts = facts_of(parse_bytes(data, _display(path)))
    except Exception:  # a file that cannot be read or parsed takes no part: it is not being checked
        return None
    return None if facts is None else CheckedInf(path, facts, rules, in_tree=True, judged=False)


def _lies_in(path: Path, folder: Path) -> bool:
    """Whether ``path``, as discovered under ``folder``, lies in it (``discover`` builds it from ``folder``)."""
    folder_text = _display(folder)
    return folder_text in ("", ".") or path.as_posix().startswith(folder_text.rstrip("/") + "/")


def _in_workers(
    files: list[Path], resolver: ConfigResolver, options: CheckOptions, jobs: int
) -> Iterator[tuple[FileResult | None, list[str]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # Checking the first file here loads the parser and compiles the patterns the
    # rules use; forked workers inherit all of it instead of each doing it again.
    yield _check_file(files[0], resolver, options)
    files = files[1:]
    methods = multiprocessing.get_all_start_methods()
    context = _TrackedContext(multiprocessing.get_context("fork" if "fork" in methods else None))
    chunk = max(1, len(files) // (jobs * 32))
    done = 0
    # Frozen objects are left alone by the workers' collectors, so the memory the
    # workers share with this process is not copied page by page as they run.
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(options,))
        try:
            for outcome in pool.map(_check_in_worker, files, chunksize=chunk):
                yield outcome
                done += 1
        finally:
            pool.shutdown(wait=context.all_started(), cancel_futures=True)
    except (OSError, BrokenProcessPool):
        # A worker could not start (a process limit, or no memory left to fork):
        # the workers that did are stopped and this process checks the rest itself.
        context.stop_all()
        yield from (_check_file(path, resolver, options) for path in files[done:])
    finally:
        gc.unfreeze()


class _TrackedContext:
    """A multiprocessing context that remembers the processes it made, so they can be
    stopped when a pool fails to start (the pool itself would wait for them forever)."""

    def __init__(self, context):
        self._context = context
        self._processes: list = []

    def __getattr__(self, name: str):
        return getattr(self._context, name)

    def Process(self, *args, **kwargs):
        process = self._context.Process(*args, **kwargs)
        self._processes.append(process)
        return process

    def all_started(self) -> bool:
        return all(process.pid is not None for process in self._processes)

    def stop_all(self) -> None:
        started = [process for process in self._processes if process.pid is not None]
        for process in started:
            process.kill()
        for process in started:
            process.join()


def check_stdin(data: bytes, stdin_filename: str | None, options: CheckOptions) -> RunResult:
    """Check bytes read from standard input, named (and configured) as ``stdin_filename``.

    Findings for standard input are never cached: they are as fresh as the editor's buffer they came from.
    """
    options = options._replace(cache_folder=None)
    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    display = stdin_filename or "-"
    config_path = Path(stdin_filename) if stdin_filename else Path.cwd() / "-"
    skipped = _edk2_module(display, config_path.name, data)
    if skipped is not None:
        _record(run, skipped, [])
        return run
    _record(run, *_checked(display, partial(check_one, data, display, config_path, resolver, options)))
    return run


def check_staged(options: CheckOptions) -> RunResult:
    """Check the versions of INF, INX and plan files staged in git's index (what a commit would record)."""
    from infcheck.gitstage import StagedFilesError, StagedTree, read_staged

    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    try:
        staged = read_staged(is_checked_file)
        # A staged plan is checked against the staged INF files it names, as the commit records them.
        index = StagedTree() if any(is_plan_file(path.name) for path, _ in staged) else None
    except (StagedFilesError, OSError) as error:
        run.errors.append(
            str(error) if isinstance(error, StagedFilesError) else f"{error.filename}: {read_message(error)}"
        )
        return run
    for path, data in staged:
        if resolver.for_path(path).is_excluded(path):
            continue
        display = _display(path)
        skipped = _edk2_module(display, path.name, data)
        if skipped is not None:
            _record(run, skipped, [])
            continue
        read_inf = index.read if index else None
        _record(run, *_checked(display, partial(check_one, data, display, path, resolver, options, read_inf)))
    return run


def _edk2_module(display: str, name: str, data: bytes) -> FileResult | None:
    """The result of a file left unchecked because it is an EDK2 module file (see :mod:`infcheck.edk2`);
    ``None`` for a file to check."""
    reason = None if is_plan_file(name) else edk2_module_reason_of(data)
    return FileResult.skipped_file(display, reason) if reason is not None else None


def _record(run: RunResult, result: FileResult | None, errors: list[str]) -> None:
    if result is not None and result.skipped is not None:
        run.skipped.append((result.path, result.skipped))
    elif result is not None:
        run.files.append(result)
    run.errors.extend(errors)
