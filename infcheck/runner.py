"""Checking many files: finding them, reading them, applying the right settings.

The CLI and the pre-commit hooks use :func:`check_paths`; problems with the
run itself (a missing path, an unreadable file) are collected as messages
rather than raised, so one bad path never hides the results for the others.
"""

from __future__ import annotations

import gc
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple
from pathlib import Path

from infcheck.config import ConfigError, ConfigResolver
from infcheck.diagnostics import ERROR, Diagnostic
from infcheck.document import Document
from infcheck.engine import RuleCrash, check_document
from infcheck.parse import parse_bytes
from infcheck.publish.plan import Plan, is_plan_file, parse_plan

INF_SUFFIXES = (".inf", ".inx")


class CheckOptions(NamedTuple):
    """What to check and how, as chosen on the command line."""

    select: set[str] | None = None
    ignore: frozenset[str] | set[str] = frozenset()
    config_file: Path | None = None
    force_exclude: bool = False
    fix: bool = False
    diff: bool = False
    unsafe_fixes: bool = False
    jobs: int = 1


class FileResult:
    """One checked file: what remains to report, and what fixing did."""

    def __init__(self, path: str, diagnostics: list[Diagnostic]):
        self.path = path
        self.diagnostics = diagnostics
        self.fixed = 0
        self.diff = ""
        self.fixed_data: bytes | None = None


class RunResult:
    """Every file's result, and the problems with the run itself (missing or unreadable paths)."""

    def __init__(self) -> None:
        self.files: list[FileResult] = []
        self.errors: list[str] = []

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
            found = sorted(_walk(path, resolver))
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


def _walk(root: Path, resolver: ConfigResolver) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(root):
        current = Path(folder)
        config = resolver.for_path(current / "_")
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(".") and not config.is_excluded(current / name)
        )
        for name in files:
            if is_checked_file(name):
                candidate = current / name
                if not resolver.for_path(candidate).is_excluded(candidate):
                    yield candidate


def is_checked_file(name: str) -> bool:
    """INF and INX files, and publishing plans, are recognised by name."""
    return name.lower().endswith(INF_SUFFIXES) or is_plan_file(name)


def check_data(
    data: bytes, display: str, config_path: Path, resolver: ConfigResolver, options: CheckOptions
) -> tuple[Document | Plan, list[Diagnostic]]:
    """Parse and check one file's bytes with the settings that apply at ``config_path``.

    A publishing plan (``publish.toml``, ``*.publish.toml``) is read as a plan,
    its INF paths resolved from ``config_path``; anything else as an INF.
    """
    config = resolver.for_path(config_path)
    if is_plan_file(config_path.name):
        document = parse_plan(data, display, config_path)
    else:
        document = parse_bytes(data, display)
    rules = config.rules_for(config_path, options.select, options.ignore)
    return document, check_document(document, rules)


def check_one(data: bytes, display: str, config_path: Path, resolver: ConfigResolver, options: CheckOptions) -> FileResult:
    document, diagnostics = check_data(data, display, config_path, resolver, options)
    result = FileResult(display, diagnostics)
    if not (options.fix or options.diff) or document.kind != "inf" or document.encoding.damaged or document.encoding.binary:
        # Writing back text with replaced bytes would destroy what could not be decoded.
        return result
    from infcheck.fixes import apply_fixes, unified_diff

    new_text, applied = apply_fixes(document, diagnostics, options.unsafe_fixes)
    if not applied:
        return result
    result.fixed = applied
    if options.diff:
        result.diff = unified_diff(document, new_text)
        return result
    result.fixed_data = document.encoding.encode(new_text)
    # Check the fixed text again, so what is reported is what remains.
    _, result.diagnostics = check_data(result.fixed_data, display, config_path, resolver, options)
    return result


def _check_file(path: Path, resolver: ConfigResolver, options: CheckOptions) -> tuple[FileResult | None, list[str]]:
    """Read, check and (with ``--fix``) rewrite one file; problems with the run come back as messages."""
    display = _display(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A pipe, socket or device that happens to be named *.inf: reading it could block forever.
            return None, [f"{display}: not a regular file"]
        data = path.read_bytes()
    except OSError as error:
        return None, [f"{display}: cannot read: {error.strerror or error}"]
    try:
        result = check_one(data, display, path, resolver, options)
    except ConfigError:
        raise  # a configuration file found only now is as unusable as one found before the run
    except RuleCrash as error:
        return None, [f"internal error: {error}"]
    except Exception as error:
        return None, [internal_error(display, error)]
    if result.fixed_data is None:
        return result, []
    from infcheck.fixes import FileChanged, write_fixed

    try:
        write_fixed(path, data, result.fixed_data)
    except FileChanged:
        return _unfixed(result, data, path, resolver, options), [f"{display}: changed on disk while it was checked; not fixed"]
    except OSError as error:
        return _unfixed(result, data, path, resolver, options), [f"{display}: cannot write the fixes: {error.strerror or error}"]
    return result, []


def internal_error(display: str, error: BaseException) -> str:
    """The one-line message for a failure of infcheck itself on one file, so that one bad file
    never hides the results for the others, nor ends the run with a traceback."""
    reason = str(error).splitlines()[0] if str(error) else ""
    return f"internal error: {display}: {type(error).__name__}{': ' + reason if reason else ''} (please report it)"


def _unfixed(result: FileResult, data: bytes, path: Path, resolver: ConfigResolver, options: CheckOptions) -> FileResult:
    """The result as it stands when fixes could not be written: every problem is still there."""
    _, result.diagnostics = check_data(data, result.path, path, resolver, options)
    result.fixed, result.fixed_data = 0, None
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


def check_paths(paths: Sequence[str], options: CheckOptions, progress: Callable[[int, int], None] | None = None) -> RunResult:
    """Check every INF/INX file under ``paths``; with ``options.fix`` also rewrite fixed files.

    With ``options.jobs`` above 1 and enough files, files are checked in worker
    processes; results come back in the same order, so the report is identical.
    ``progress(done, total)`` is called after each file.
    """
    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    files = list(discover(paths, resolver, options.force_exclude, run.errors))
    jobs = min(options.jobs, len(files) // _FILES_PER_JOB_TO_FORK)
    if jobs > 1:
        outcomes = _in_workers(files, resolver, options, jobs)
    else:
        outcomes = (_check_file(path, resolver, options) for path in files)
    for done, (result, errors) in enumerate(outcomes, start=1):
        if result is not None:
            run.files.append(result)
        run.errors.extend(errors)
        if progress is not None:
            progress(done, len(files))
    return run


def _in_workers(
    files: list[Path], resolver: ConfigResolver, options: CheckOptions, jobs: int
) -> Iterator[tuple[FileResult | None, list[str]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Checking the first file here loads the parser and compiles the patterns the
    # rules use; forked workers inherit all of it instead of each doing it again.
    yield _check_file(files[0], resolver, options)
    files = files[1:]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(files) // (jobs * 32))
    # Frozen objects are left alone by the workers' collectors, so the memory the
    # workers share with this process is not copied page by page as they run.
    gc.freeze()
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(options,)) as pool:
            yield from pool.map(_check_in_worker, files, chunksize=chunk)
    finally:
        gc.unfreeze()


def check_stdin(data: bytes, stdin_filename: str | None, options: CheckOptions) -> RunResult:
    """Check bytes read from standard input, named (and configured) as ``stdin_filename``."""
    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    display = stdin_filename or "-"
    config_path = Path(stdin_filename) if stdin_filename else Path.cwd() / "-"
    try:
        run.files.append(check_one(data, display, config_path, resolver, options))
    except ConfigError:
        raise
    except RuleCrash as error:
        run.errors.append(f"internal error: {error}")
    except Exception as error:
        run.errors.append(internal_error(display, error))
    return run


def check_staged(options: CheckOptions) -> RunResult:
    """Check the versions of INF, INX and plan files staged in git's index (what a commit would record)."""
    from infcheck.gitstage import StagedFilesError, read_staged

    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    try:
        staged = read_staged(is_checked_file)
    except StagedFilesError as error:
        run.errors.append(str(error))
        return run
    for path, data in staged:
        if resolver.for_path(path).is_excluded(path):
            continue
        try:
            run.files.append(check_one(data, _display(path), path, resolver, options))
        except ConfigError:
            raise
        except RuleCrash as error:
            run.errors.append(f"internal error: {error}")
        except Exception as error:
            run.errors.append(internal_error(_display(path), error))
    return run
