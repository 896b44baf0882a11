"""Findings of unchanged files, kept between runs so a second ``infcheck check`` need not redo them.

An entry is keyed on everything a file's findings depend on: the file's bytes
(their BLAKE2b digest), the name the findings carry, the configuration file in effect
(its path and the digest of its bytes), the command line's ``--select``,
``--ignore`` and ``--profile``, infcheck's version, and a stamp of infcheck's
own code, rules included (each module's size and modification time), so an
upgrade or an edited rule never meets an old answer. Nothing in the key needs
the rules or the parser loaded: a run whose files are all answered from the
cache never loads them. Only INF and INX files are kept:
a publishing plan's findings also depend on the INF files it names.

Entries are JSON, written to a temporary file and renamed into place, so a
reader (another ``-j`` worker, another infcheck process) sees a whole entry or
none. A file that is not a small regular file owned by this user and writable
only by them, or that does not decode to exactly what was stored, is ignored
and rewritten. The folder holds at most ``MAX_ENTRIES`` entries: a run that
added some removes the least recently used beyond that.

Answers worked out from several files (the package and repository rules') are kept the same
way in a folder of their own, keyed on the entries of the files they depend on
(:meth:`ResultCache.derived_key`); see :mod:`infcheck.package_cache`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from infcheck import __version__
from infcheck.diagnostics import Diagnostic, Edit, Fix
from infcheck.digest import digest
from infcheck.document import Span
from infcheck.files import read_own_file

CACHE_FOLDER_NAME = ".infcheck_cache"
ENVIRONMENT_VARIABLE = "INFCHECK_RESULT_CACHE"
FORMAT = 3
MAX_ENTRIES = 20_000
# A file with findings beyond this size is checked again rather than stored.
MAX_ENTRY_BYTES = 4 << 20
# An entry used (or written) this recently is not marked used again: which of the recent ones
# goes first when the folder is trimmed matters little, and marking each costs a write.
_TOUCHED_WITHIN_NS = 3600 * 10**9
_GITIGNORE = "# Made by infcheck: its result cache, never to be committed.\n*\n"


# What ``put`` stores when the check worked out no package facts (a file checked for itself only).
NO_FACTS: Any = object()


class StoredResult(NamedTuple):
    """An entry: the findings, and the package facts as data when the check kept them."""

    diagnostics: list[Diagnostic]
    has_facts: bool
    facts: Any


class ResultCache:
    """The entries under one folder (``.infcheck_cache`` by default), made on first write."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._entries = folder / f"results-{FORMAT}"
        # Answers worked out from several files' entries (see infcheck/package_cache.py), kept apart.
        self._derived = folder / f"derived-{FORMAT}"

    def key(
        self,
        data: bytes,
        path: str,
        config: str,
        select: Collection[str] | None,
        ignore: Collection[str],
        profile: str | None,
    ) -> str:
        """The entry name for checking ``data``, reported as ``path``, under the configuration whose
        fingerprint is ``config`` (see :attr:`infcheck.config.Config.fingerprint`) and the command
        line's selection and profile."""
        return _entry_name(
            {
                "path": path,
                "config": config,
                "select": sorted(select) if select is not None else None,
                "ignore": sorted(ignore),
                "profile": profile,
                "content": digest(data),
            }
        )

    def get(self, key: str) -> list[Diagnostic] | None:
        """The findings stored under ``key``, or ``None`` when there is no entry to trust."""
        stored = self.get_result(key)
        return None if stored is None else stored.diagnostics

    def get_result(self, key: str) -> StoredResult | None:
        """The findings and package facts stored under ``key``, or ``None`` when there is no entry to trust."""
        entry = self.get_data(key)
        if entry is None:
            return None
        try:
            found = decode_diagnostics(entry["diagnostics"])
            inputs = entry.get("inputs", {})
            if not isinstance(inputs, dict):
                return None
        except (ValueError, TypeError, KeyError, IndexError):
            return None
        if inputs:
            from infcheck.inputs import state_of

            if any(not isinstance(state, str) or state_of(str(read)) != state for read, state in inputs.items()):
                return None  # a file the check read besides the checked one has changed since
        return StoredResult(found, "facts" in entry, entry.get("facts"))

    def derived_key(self, kind: str, material: Any) -> str:
        """The entry name for an answer of another ``kind`` than a file's findings, worked out from
        ``material`` (JSON data: the keys of the file entries it depends on, and the like)."""
        return _entry_name({"kind": kind, "material": material})

    def get_data(self, key: str, derived: bool = False) -> dict[str, Any] | None:
        """The entry stored under ``key`` as JSON data (among the derived answers when ``derived``,
        with a key from :meth:`derived_key`), or ``None`` when there is none to trust."""
        path = self._path(key, derived)
        stored = read_own_file(path, MAX_ENTRY_BYTES)
        if stored is None:
            return None
        text, written = stored
        try:
            entry = json.loads(text)
        except (ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        if time.time_ns() - written > _TOUCHED_WITHIN_NS:
            try:
                os.utime(path)  # recently used: the last to go when the folder is trimmed
            except OSError:
                pass
        return entry

    def put(
        self,
        key: str,
        diagnostics: Iterable[Diagnostic],
        inputs: Mapping[str, str] | None = None,
        facts: Any = NO_FACTS,
    ) -> None:
        """Store ``diagnostics`` under ``key``, valid while each path of ``inputs`` (the other files
        the check read) keeps the state given (see :func:`infcheck.inputs.state_of`), with the file's
        package facts as data when given (see :mod:`infcheck.inf_facts_data`); a failure to write
        only means no entry."""
        entry: dict[str, Any] = {
            "diagnostics": encoded_diagnostics(diagnostics),
            "inputs": dict(inputs or {}),
        }
        if facts is not NO_FACTS:
            entry["facts"] = facts
        self.put_data(key, entry)

    def put_data(self, key: str, data: Mapping[str, Any], derived: bool = False) -> None:
        """Store the JSON data ``data`` under ``key`` (see :meth:`get_data`); a failure to write only means no entry."""
        text = json.dumps({"key": key, **data}, separators=(",", ":"))
        if len(text) > MAX_ENTRY_BYTES:
            return
        import tempfile  # only writing needs it

        path = self._path(key, derived)
        try:
            self._prepare(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".entry-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass

    def trim(self, limit: int = MAX_ENTRIES) -> None:
        """Remove the least recently used entries beyond ``limit`` (entries another process is
        writing at the same moment may survive, which only delays their turn); the derived
        answers are trimmed alike, to as many."""
        _trim(self._entries, limit)
        _trim(self._derived, limit)

    def trim_if_full(self, limit: int = MAX_ENTRIES) -> None:
        """:meth:`trim` when one shard of the 256 holds clearly more than its share of ``limit``
        (keys are evenly spread, so one listing tells the total without listing them all)."""
        if _looks_full(self._entries, limit) or _looks_full(self._derived, limit):
            self.trim(limit)

    def _path(self, key: str, derived: bool = False) -> Path:
        return (self._derived if derived else self._entries) / key[:2] / f"{key}.json"

    def _prepare(self, shard: Path) -> None:
        if shard.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text(_GITIGNORE, encoding="utf-8")
        shard.mkdir(parents=True, exist_ok=True)


def _trim(entries_folder: Path, limit: int) -> None:
    try:
        shards = [entry.path for entry in os.scandir(entries_folder) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    entries: list[tuple[int, str]] = []
    for shard in shards:
        try:
            with os.scandir(shard) as listing:
                for entry in listing:
                    if entry.name.endswith(".json") and entry.is_file(follow_symlinks=False):
                        entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        except OSError:
            continue
    if len(entries) <= limit:
        return
    entries.sort()
    for _used, path in entries[: len(entries) - limit]:
        try:
            os.unlink(path)
        except OSError:
            pass


def _looks_full(entries_folder: Path, limit: int) -> bool:
    try:
        with os.scandir(entries_folder / "00") as listing:
            count = sum(1 for entry in listing if entry.name.endswith(".json"))
    except OSError:
        return False
    return count * 256 > limit * 5 // 4


def default_folder(project: Path) -> Path:
    """``.infcheck_cache`` in ``project``: the folder of the configuration file in effect, else the
    repository's top folder, else the current folder (see :func:`infcheck.cli.run_check`)."""
    return project / CACHE_FOLDER_NAME


_code_stamp: str | None = None


def code_stamp(package: Path | None = None) -> str:
    """A digest of the size and modification time of every file of infcheck's code and grammar (of
    ``package``, by default the installed one), so that an edited rule (in a development install,
    without a new version) changes every key."""
    global _code_stamp
    if package is not None:
        return _stamp_of(package)
    if _code_stamp is None:
        _code_stamp = _stamp_of(Path(__file__).resolve().parent)
    return _code_stamp


def _stamp_of(package: Path) -> str:
    stamps: list[str] = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".lark")):
                _add_stamp(stamps, os.path.join(folder, name), package)
    # A source checkout keeps the grammar beside the package rather than in it.
    _add_stamp(stamps, str(package.parent / "inf_grammar.lark"), package)
    return digest("\n".join(stamps).encode("utf-8", "surrogatepass"))


def _entry_name(fields: dict[str, Any]) -> str:
    """The digest of ``fields`` together with what makes any entry stale: the cache's format,
    infcheck's version and code, and Python's version."""
    text = json.dumps(
        {
            "format": FORMAT,
            "infcheck": __version__,
            "code": code_stamp(),
            "python": list(sys.version_info[:2]),
            **fields,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return digest(text.encode("utf-8", "surrogatepass"))


def _add_stamp(stamps: list[str], path: str, package: Path) -> None:
    try:
        status = os.stat(path)
    except OSError:
        return
    stamps.append(f"{os.path.relpath(path, package)}:{status.st_size}:{status.st_mtime_ns}")


def encoded_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Any]:
    """``diagnostics`` as JSON data, for :func:`decode_diagnostics`."""
    return [_encoded(diagnostic) for diagnostic in diagnostics]


def decode_diagnostics(data: Any) -> list[Diagnostic]:
    """The findings :func:`encoded_diagnostics` wrote; ``TypeError`` (or another ``ValueError``,
    ``KeyError``, ``IndexError``) for anything it could not have written."""
    if not isinstance(data, list):
        raise TypeError("stored findings are not a list")
    return [_diagnostic(item) for item in data]


def _encoded(diagnostic: Diagnostic) -> list[Any]:
    fix = diagnostic.fix
    encoded_fix = (
        None if fix is None else [fix.title, [[list(edit.span), edit.new_text] for edit in fix.edits], fix.safe]
    )
    return [
        diagnostic.code,
        diagnostic.name,
        diagnostic.severity,
        diagnostic.message,
        list(diagnostic.span),
        encoded_fix,
        diagnostic.path,
    ]


def _diagnostic(item: Any) -> Diagnostic:
    """A stored finding, refused (``TypeError``) unless every field has the type it was written with."""
    code, name, severity, message, span, fix, path = item
    for text in (code, name, severity, message, path):
        if not isinstance(text, str):
            raise TypeError("a stored finding's text is not text")
    decoded_fix = None
    if fix is not None:
        title, edits, safe = fix
        if not isinstance(title, str) or not isinstance(safe, bool):
            raise TypeError("a stored fix is damaged")
        decoded_fix = Fix(title, tuple(Edit(_span(edit_span), _text(new_text)) for edit_span, new_text in edits), safe)
    return Diagnostic(code, name, severity, message, _span(span), decoded_fix, path)


def _span(value: Any) -> Span:
    if not isinstance(value, list) or len(value) != 4 or not all(type(number) is int for number in value):
        raise TypeError("a stored span is damaged")
    return Span(*value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("stored text is not text")
    return value
