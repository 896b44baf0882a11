"""The package and repository rules' findings, kept between runs like each file's own.

Their findings depend on more than one file, so they are kept apart from each file's entry
(see :mod:`infcheck.result_cache`):

* a package folder's entry is keyed on the folder and the result-cache key of each INF checked
  in it (which stands for the INF's bytes, the path its findings carry, its configuration and
  the command line's selection), and lists what the package rules observed of the folder: each
  listing, whether a file is there, the bytes of each image read. It is trusted only while
  observing them again gives the same answers;
* the repository rules' entry is keyed on the result-cache keys of every INF of the trees
  checked, and reads nothing else.

A second run over an unchanged tree thus answers the package pass from the cache without
loading the rule engine, the rules or pefile. With ``--since REF`` (git's state) or ``--fix``
nothing here is used. This module is also where the package rules observe the folder
(:class:`infcheck.wider.PackageFolder` reads through it), so what an entry recorded and what
checking it observes again are worked out alike.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from infcheck.diagnostics import Diagnostic, is_internal_error
from infcheck.digest import digest
from infcheck.files import MAX_FILE_BYTES, FileTooLarge, describe_size, read_regular_file

if TYPE_CHECKING:
    from infcheck.result_cache import ResultCache

# A package folder's walk stops after this many files (a folder holding a whole repository
# need not be read to the end to suggest a name); names past it are not suggested.
MAX_LISTED_FILES = 20_000

# What the package rules observe of a folder, each with the path (relative, ``/``-separated) it concerns.
LISTING = "listing"  # the names in a folder
IS_FILE = "file"  # whether a regular file is there
WALK = "walk"  # every regular file below the package folder
IMAGE = "image"  # a file's bytes, read to learn its PE headers

Probe = tuple[str, str]  # (what, relative path)


def package_folder_of(path: Path) -> str:
    """The package folder ``path`` lies in, as one string for every spelling of it."""
    return os.path.normcase(os.path.abspath(path.parent))


def folder_names(folder: Path) -> list[str] | None:
    """The names in ``folder``, sorted; ``None`` when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries)
    except OSError:
        return None


def names_state(names: list[str] | None) -> str:
    return "none" if names is None else digest("\n".join(names).encode("utf-8", "surrogateescape"))


def walk_files(folder: Path) -> list[str]:
    """Every regular file below ``folder`` (hidden folders left out), relative, in a stable order."""
    found: list[str] = []
    for current, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        relative = Path(current).relative_to(folder).as_posix()
        prefix = "" if relative == "." else relative + "/"
        found += [prefix + name for name in sorted(names) if os.path.isfile(os.path.join(current, name))]
        if len(found) >= MAX_LISTED_FILES:
            break
    return found[:MAX_LISTED_FILES]


def read_package_file(path: Path) -> tuple[str, bytes | None]:
    """A package file's bytes with what stands for them: their digest, or, when they cannot be
    read, why (in words for a finding) and no bytes."""
    try:
        data = read_regular_file(path)
    except FileTooLarge:
        return f"is larger than {describe_size(MAX_FILE_BYTES)}", None
    except OSError as error:
        return f"cannot be read ({error.strerror or error})", None
    return "bytes:" + digest(data), data


def observe(folder: Path, probe: Probe) -> str:
    """What ``probe`` finds in the package ``folder`` now, as :class:`infcheck.wider.PackageFolder` records it."""
    what, relative = probe
    place = folder / relative if relative else folder
    if what == LISTING:
        return names_state(folder_names(place))
    if what == IS_FILE:
        return "yes" if place.is_file() else "no"
    if what == WALK:
        return names_state(walk_files(folder))
    if what == IMAGE:
        return read_package_file(place)[0]
    return "unknown"  # never equal to what was recorded: the entry is not trusted


class FolderFindings(NamedTuple):
    """The package rules' findings in one folder's INF files (each file's sorted and limited as a
    check's are), and what the rules observed of the folder."""

    findings: dict[str, list[Diagnostic]]
    probes: dict[Probe, str]


class Taking(NamedTuple):
    """An INF taking part in the package pass: its path, its result-cache key (``None`` when it
    has none) and whether it lies in a tree given to check."""

    path: Path
    cache_key: str | None
    in_tree: bool


ComputeFolders = Callable[[list[list[int]]], list[FolderFindings]]
ComputeRepository = Callable[[list[int]], dict[str, list[Diagnostic]]]


def package_pass(
    cache: ResultCache | None,
    taking: Sequence[Taking],
    compute_folders: ComputeFolders,
    compute_repository: ComputeRepository,
) -> dict[str, list[Diagnostic]]:
    """The package and repository rules' findings by path, sorted: those of each folder and of the
    repository from ``cache`` where it holds them, the others worked out by ``compute_folders``
    (given the positions in ``taking`` of each folder's INF files) and ``compute_repository``
    (given those of the INF files in the trees), and stored.

    One entry holds the whole pass, so that a second run over an unchanged tree reads one entry;
    a folder's entry serves when anything else changed."""
    if cache is not None and any(inf.cache_key is None for inf in taking):
        cache = None
    by_folder: dict[str, list[int]] = {}
    for position, inf in enumerate(taking):
        by_folder.setdefault(package_folder_of(inf.path), []).append(position)
    whole_key = None
    if cache is not None:
        files = [[inf.path.as_posix(), inf.cache_key, inf.in_tree] for inf in taking]
        whole_key = cache.derived_key("package-pass", {"files": files})
        whole = _stored(cache, whole_key)
        if whole is not None:
            return whole
    found: dict[str, list[Diagnostic]] = {}
    probes: list[tuple[str, dict[Probe, str]]] = []  # what each folder's findings depend on

    left: list[tuple[str, list[int]]] = []
    for folder, positions in by_folder.items():
        key = _folder_key(cache, folder, positions, taking) if cache is not None else ""
        stored = _stored_with_probes(cache, key) if cache is not None else None
        if stored is None:
            left.append((folder, positions))
        else:
            _add(found, stored[0])
            probes.append((_folder_text(taking, positions), stored[1]))
    if left:
        computed = compute_folders([positions for _, positions in left])
        for (folder, positions), folder_found in zip(left, computed, strict=True):
            _add(found, folder_found.findings)
            probes.append((_folder_text(taking, positions), folder_found.probes))
            if cache is not None:
                key = _folder_key(cache, folder, positions, taking)
                _store(cache, key, folder_found.findings, [probes[-1]])

    in_tree = [position for position, inf in enumerate(taking) if inf.in_tree]
    repository_key = _repository_key(cache, in_tree, taking) if cache is not None and in_tree else None
    stored_repository = _stored(cache, repository_key) if cache is not None and repository_key else None
    if stored_repository is None:
        stored_repository = compute_repository(in_tree)
        if cache is not None and repository_key:
            _store(cache, repository_key, stored_repository, [])
    _add(found, stored_repository)
    result = {path: sorted(diagnostics, key=_sort_key) for path, diagnostics in found.items()}
    if cache is not None and whole_key is not None:
        _store(cache, whole_key, result, probes)
    return result


def _folder_text(taking: Sequence[Taking], positions: list[int]) -> str:
    """The folder the package rules observed for the INF files at ``positions``, as they named it."""
    return str(taking[positions[0]].path.parent)


def _add(found: dict[str, list[Diagnostic]], more: Mapping[str, Iterable[Diagnostic]]) -> None:
    for path, diagnostics in more.items():
        found.setdefault(path, []).extend(diagnostics)


def _sort_key(diagnostic: Diagnostic) -> tuple[object, ...]:
    return diagnostic.sort_key


def _folder_key(cache: ResultCache, folder: str, positions: list[int], taking: Sequence[Taking]) -> str:
    files = [[taking[position].path.as_posix(), taking[position].cache_key] for position in positions]
    return cache.derived_key("package-folder", {"folder": folder, "files": files})


def _repository_key(cache: ResultCache, positions: list[int], taking: Sequence[Taking]) -> str:
    files = [[taking[position].path.as_posix(), taking[position].cache_key] for position in positions]
    return cache.derived_key("repository", {"files": files})


def _stored(cache: ResultCache, key: str) -> dict[str, list[Diagnostic]] | None:
    stored = _stored_with_probes(cache, key)
    return None if stored is None else stored[0]


def _stored_with_probes(cache: ResultCache, key: str) -> tuple[dict[str, list[Diagnostic]], dict[Probe, str]] | None:
    """The findings stored under ``key`` while what they observed of each folder is unchanged, with
    those observations (of the folder of a folder's entry)."""
    from infcheck.result_cache import decode_diagnostics

    entry = cache.get_data(key, derived=True)
    if entry is None:
        return None
    try:
        findings = entry["findings"]
        folders = entry["folders"]
        if not isinstance(findings, dict) or not isinstance(folders, list):
            return None
        found = {path: decode_diagnostics(items) for path, items in findings.items()}
        observed: dict[Probe, str] = {}
        for folder, probes in folders:
            for what, relative, state in probes:
                if not all(isinstance(text, str) for text in (folder, what, relative, state)):
                    return None
                if observe(Path(folder), (what, relative)) != state:
                    return None  # the folder changed since
                observed[(what, relative)] = state
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    return found, observed


def _store(
    cache: ResultCache,
    key: str,
    findings: Mapping[str, list[Diagnostic]],
    folders: Sequence[tuple[str, Mapping[Probe, str]]],
) -> None:
    """Store ``findings`` under ``key``, valid while each of ``folders`` (named as the rules found it)
    gives the same answers to the probes recorded."""
    from infcheck.result_cache import encoded_diagnostics

    if any(is_internal_error(diagnostic) for diagnostics in findings.values() for diagnostic in diagnostics):
        return  # a crash is reported every time, never kept
    cache.put_data(
        key,
        derived=True,
        data={
            "findings": {path: encoded_diagnostics(diagnostics) for path, diagnostics in findings.items()},
            "folders": [
                [folder, [[what, relative, state] for (what, relative), state in sorted(probes.items())]]
                for folder, probes in folders
            ],
        },
    )
