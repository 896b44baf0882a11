"""Checking many files: finding them, reading them, applying the right settings.

The CLI and the pre-commit hooks use :func:`check_paths`; problems with the
run itself (a missing path, an unreadable file) are collected as messages
rather than raised, so one bad path never hides the results for the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import NamedTuple
from pathlib import Path

from infcheck.config import ConfigResolver
from infcheck.diagnostics import ERROR, Diagnostic
from infcheck.document import Document
from infcheck.engine import RuleCrash, check_document
from infcheck.parse import parse_bytes

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
    """The INF and INX files under ``paths``, each once, in a stable order."""
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(_walk(path, resolver))
        elif path.is_file():
            found = [path] if not (force_exclude and resolver.for_path(path).is_excluded(path)) else []
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
            if name.lower().endswith(INF_SUFFIXES):
                candidate = current / name
                if not resolver.for_path(candidate).is_excluded(candidate):
                    yield candidate


def check_data(data: bytes, display: str, config_path: Path, resolver: ConfigResolver, options: CheckOptions) -> tuple[Document, list[Diagnostic]]:
    """Parse and check one file's bytes with the settings that apply at ``config_path``."""
    config = resolver.for_path(config_path)
    document = parse_bytes(data, display)
    rules = config.rules_for(config_path, options.select, options.ignore)
    return document, check_document(document, rules)


def check_one(data: bytes, display: str, config_path: Path, resolver: ConfigResolver, options: CheckOptions) -> FileResult:
    document, diagnostics = check_data(data, display, config_path, resolver, options)
    result = FileResult(display, diagnostics)
    if not (options.fix or options.diff):
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


def check_paths(paths: Sequence[str], options: CheckOptions) -> RunResult:
    """Check every INF/INX file under ``paths``; with ``options.fix`` also rewrite fixed files."""
    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    for path in discover(paths, resolver, options.force_exclude, run.errors):
        try:
            data = path.read_bytes()
        except OSError as error:
            run.errors.append(f"{_display(path)}: cannot read: {error.strerror or error}")
            continue
        try:
            result = check_one(data, _display(path), path, resolver, options)
        except RuleCrash as error:
            run.errors.append(f"internal error: {error}")
            continue
        if result.fixed_data is not None:
            from infcheck.fixes import write_atomically

            try:
                write_atomically(path, result.fixed_data)
            except OSError as error:
                run.errors.append(f"{result.path}: cannot write the fixes: {error.strerror or error}")
        run.files.append(result)
    return run


def check_stdin(data: bytes, stdin_filename: str | None, options: CheckOptions) -> RunResult:
    """Check bytes read from standard input, named (and configured) as ``stdin_filename``."""
    run = RunResult()
    resolver = ConfigResolver(options.config_file)
    display = stdin_filename or "-"
    config_path = Path(stdin_filename) if stdin_filename else Path.cwd() / "-"
    try:
        run.files.append(check_one(data, display, config_path, resolver, options))
    except RuleCrash as error:
        run.errors.append(f"internal error: {error}")
    return run
