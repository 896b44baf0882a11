"""Package and repository rules: the checks that read more than one file.

Every file is checked on its own first (by :func:`infcheck.runner.check_bytes`, maybe in a
worker process, maybe from a cache). A file checked on disk also leaves its
:class:`~infcheck.inf_facts.InfFacts`. Once every file is checked, this module groups
them by folder and runs:

* package rules (scope ``package``) once per INF, with a :class:`PackageContext` holding the
  INF's facts, its :class:`PackageFolder` (the files beside it, listed once per folder, and the
  other INF files there) and, with ``--since REF``, its version at REF;
* repository rules (scope ``repository``) once per run, with a :class:`RepositoryContext`
  over the facts of every checked INF.

Their findings depend on other files than the one they are reported in, so they are never
part of a file's own result: the result cache keeps them apart, each folder's with what the
rules observed of it (see :mod:`infcheck.package_cache`). Standard input, staged files and
editors have no package folder and never run them.
"""

from __future__ import annotations

import errno
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from infcheck.diagnostics import Diagnostic, internal_error_finding
from infcheck.document import Document
from infcheck.engine import (
    WIDER_SCOPES,
    PackageContext,
    RepositoryContext,
    RuleCrash,
    RuleSettings,
    document_index,
    limit_findings,
    run_rule,
    without_crashes,
)
from infcheck.files import MAX_FILE_BYTES, FileTooLarge, describe_size
from infcheck.inf_facts import InfFacts, inf_facts
from infcheck.package_cache import (
    IMAGE,
    IS_FILE,
    LISTING,
    WALK,
    FolderFindings,
    Probe,
    folder_names,
    names_state,
    package_folder_of,
    read_package_file,
    walk_files,
)

if TYPE_CHECKING:
    from infcheck.index import Index
    from infcheck.pe import ImageHeaders


def wants_facts(rules: Iterable[RuleSettings]) -> bool:
    """Whether any of ``rules`` is a package or repository rule, so the file's facts are needed."""
    return any(settings.rule.scope in WIDER_SCOPES for settings in rules)


def facts_of(document: Document) -> InfFacts | None:
    """The facts of a checked INF document (``None`` for a file that is not text)."""
    if document.kind != "inf" or document.encoding.binary:
        return None
    return inf_facts(document, document_index(document))


class PackageFolder:
    """The folder an INF lies in, as package rules see it: its files, found by name in any letter
    case, and the INF files checked there. Listings are read on first use and kept for the run;
    ``probes`` records what was observed, for the result cache (see :mod:`infcheck.package_cache`)."""

    def __init__(self, folder: Path, infs: Sequence[InfFacts]):
        self.folder = folder
        self.infs = list(infs)
        self.probes: dict[Probe, str] = {}
        self._listings: dict[str, dict[str, str] | None] = {}  # relative folder -> lower name -> name
        self._all_files: list[str] | None = None
        self._images: dict[str, ImageHeaders | str] = {}

    def _listing(self, relative_folder: str) -> dict[str, str] | None:
        if relative_folder not in self._listings:
            names = folder_names(self.folder / relative_folder if relative_folder else self.folder)
            self.probes[(LISTING, relative_folder)] = names_state(names)
            # Sorted, so that of two names differing only in letter case the same one is always found.
            self._listings[relative_folder] = None if names is None else {name.lower(): name for name in names}
        return self._listings[relative_folder]

    def locate(self, relative_path: str) -> str | None:
        """The path of the file at ``relative_path`` (``/``-separated) as the folder spells it,
        matching each part in any letter case, as Windows does; ``None`` when there is none."""
        found: list[str] = []
        parts = [part for part in relative_path.split("/") if part]
        for part in parts:
            listing = self._listing("/".join(found))
            if listing is None or part.lower() not in listing:
                return None
            found.append(listing[part.lower()])
        if not found:
            return None
        located = "/".join(found)
        probe = (IS_FILE, located)
        if probe not in self.probes:
            self.probes[probe] = "yes" if (self.folder / located).is_file() else "no"
        return located if self.probes[probe] == "yes" else None

    def files(self) -> list[str]:
        """Every regular file below the folder (hidden folders left out), relative, in a stable order."""
        if self._all_files is None:
            self._all_files = walk_files(self.folder)
            self.probes[(WALK, "")] = names_state(self._all_files)
        return self._all_files

    def nearest(self, relative_path: str) -> str | None:
        """An existing file the INF may have meant by ``relative_path``: a name with a small typo
        (and the same suffix) in the same folder, else one of the same name in another folder,
        else a name with a small typo anywhere."""
        import difflib  # only for a missing file: most checks find every file

        wanted_folder, _, wanted_name = relative_path.lower().rpartition("/")
        suffix = os.path.splitext(wanted_name)[1]
        by_name: dict[str, list[str]] = {}
        for path in self.files():
            name = path.lower().rpartition("/")[2]
            if os.path.splitext(name)[1] == suffix:
                by_name.setdefault(name, []).append(path)
        close = [
            path
            for name in difflib.get_close_matches(wanted_name, list(by_name), n=5, cutoff=0.8)
            for path in by_name[name]
        ]
        in_place = [path for path in close if path.lower().rpartition("/")[0] == wanted_folder]
        elsewhere = by_name.get(wanted_name, [])
        return next(iter(in_place + elsewhere + close), None)

    def image_headers(self, relative_path: str) -> ImageHeaders | str:
        """The PE headers of a file found by :meth:`locate`, or why they cannot be read."""
        cached = self._images.get(relative_path)
        if cached is None:
            from infcheck.pe import NotAnImage, image_headers_of

            state, data = read_package_file(self.folder / relative_path)
            self.probes[(IMAGE, relative_path)] = state
            if data is None:
                cached = state  # why it cannot be read
            else:
                try:
                    cached = image_headers_of(data)
                except NotAnImage as error:
                    cached = f"is not a Windows image ({error})"
            self._images[relative_path] = cached
        return cached


class PreviousVersion:
    """An INF as it was at the ``--since`` revision: its bytes, parsed on first use."""

    def __init__(self, path: str, data: bytes):
        self.path = path
        self.data = data
        self._document: Document | None = None
        self._facts: InfFacts | None = None

    def document(self) -> Document:
        if self._document is None:
            from infcheck.parse import parse_bytes

            self._document = parse_bytes(self.data, self.path)
        return self._document

    def index(self) -> Index:
        return document_index(self.document())

    def facts(self) -> InfFacts | None:
        if self._facts is None:
            self._facts = facts_of(self.document())
        return self._facts


class SinceError(Exception):
    """``--since`` cannot be used: not a revision, no git, or not in a repository. One line, for the user."""


class SinceRevision:
    """A git revision to compare with: which files changed since it, and what the INF files were then.

    Files are read by object id with ``git cat-file``, never checked out. A changed file is one
    whose content differs between the revision and the working tree, or one git does not track
    yet (and does not ignore).
    """

    def __init__(self, revision: str, cwd: Path | None = None):
        if not revision or revision.startswith("-"):
            raise SinceError(f"--since: {revision!r} is not a revision")
        self.revision = revision
        self._cwd = cwd
        self.top = Path(os.path.realpath(self._git("rev-parse", "--show-toplevel").decode().rstrip("\n")))
        try:
            self.commit = self._git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
        except SinceError:
            raise SinceError(f"--since: no revision {revision!r} in the repository at {self.top}") from None
        changed = self._git("diff", "--name-only", "-z", "--no-renames", self.commit, "--")
        # From the top, so that the names are the top's and no untracked file below it is left out.
        untracked = self._git("-C", str(self.top), "ls-files", "--others", "--exclude-standard", "-z")
        self.changed = {os.fsdecode(name) for name in (changed + untracked).split(b"\0") if name}
        self._old: dict[str, str] | None = None

    def _git(self, *arguments: str) -> bytes:
        import subprocess  # only with --since: a plain check runs no other program

        try:
            completed = subprocess.run(
                ["git", *arguments], cwd=self._cwd or None, capture_output=True, check=False, stdin=subprocess.DEVNULL
            )
        except OSError as error:
            raise SinceError(f"--since: cannot run git: {error.strerror or error}") from None
        if completed.returncode != 0:
            message = completed.stderr.decode("utf-8", errors="replace").strip().splitlines()
            command = next(argument for argument in arguments if not argument.startswith("-") and "/" not in argument)
            raise SinceError(f"--since: git {command}: {message[0] if message else 'failed'}")
        return completed.stdout

    def _relative(self, path: Path) -> str | None:
        located = Path(os.path.realpath(path.parent)) / path.name
        try:
            return located.relative_to(self.top).as_posix()
        except ValueError:
            return None

    def package_changed(self, inf: Path) -> bool:
        """Whether a file in the INF's folder, or below it, changed since the revision."""
        relative = self._relative(inf)
        if relative is None:
            return False
        folder = relative.rpartition("/")[0]
        prefix = folder + "/" if folder else ""
        return any(name.startswith(prefix) for name in self.changed)

    def previous(self, inf: Path, display: str) -> PreviousVersion | None:
        """The INF at ``inf`` as it was at the revision; ``None`` when it did not exist there."""
        relative = self._relative(inf)
        if relative is None:
            return None
        if self._old is None:
            self._old = {}
            listing = self._git("ls-tree", "-r", "-z", "--full-tree", self.commit)
            for record in listing.split(b"\0"):
                meta, _, name = record.partition(b"\t")
                parts = meta.split()
                if len(parts) == 3 and parts[1] == b"blob" and parts[0] in (b"100644", b"100755"):
                    self._old[os.fsdecode(name)] = parts[2].decode("ascii")
        object_id = self._old.get(relative)
        if object_id is None:
            return None
        data = self._git("cat-file", "blob", object_id)
        if len(data) > MAX_FILE_BYTES:
            raise FileTooLarge(errno.EFBIG, f"larger than {describe_size(MAX_FILE_BYTES)}", display)
        return PreviousVersion(display, data)


class CheckedInf:
    """One INF checked on disk, for the wider rules: where it lies, its facts, its rules, and whether it
    was found in a folder given to check (only those take part in the repository rules).

    With ``--since REF``, an INF of a package that did not change is not checked, but it still
    takes part in the repository rules (``judged`` false): a tie with a changed package is found,
    and reported in the changed package's INF, never in its own."""

    def __init__(
        self,
        path: Path,
        facts: InfFacts,
        rules: Sequence[RuleSettings],
        in_tree: bool = True,
        judged: bool = True,
    ):
        self.path = path
        self.facts = facts
        self.rules = rules
        self.in_tree = in_tree
        self.judged = judged


def wider_findings(
    checked: Sequence[CheckedInf],
    since: SinceRevision | None = None,
    jobs: int = 1,
) -> dict[str, list[Diagnostic]]:
    """The package and repository rules' findings, by the path of the file they are in
    (each file's rules chosen by its own settings; suppression comments apply).

    With ``jobs`` above 1 and enough folders, folders are checked in that many worker processes
    (reading PE headers is most of the cost); the findings are the same.
    """
    by_folder: dict[str, list[CheckedInf]] = {}
    for inf in checked:
        by_folder.setdefault(package_folder_of(inf.path), []).append(inf)
    found: dict[str, list[Diagnostic]] = {}
    for folder_found in package_findings(list(by_folder.values()), since, jobs):
        for path, diagnostics in folder_found.findings.items():
            found.setdefault(path, []).extend(diagnostics)
    # A repository rule judges a whole tree: files named one by one (a pre-commit hook) are not one.
    for path, diagnostics in repository_findings([inf for inf in checked if inf.in_tree]).items():
        found.setdefault(path, []).extend(diagnostics)
    # Package and repository rules are distinct rules: each list was limited on its own, as together.
    return {path: sorted(diagnostics, key=_sort_key) for path, diagnostics in found.items()}


def package_findings(
    folders: Sequence[Sequence[CheckedInf]], since: SinceRevision | None = None, jobs: int = 1
) -> list[FolderFindings]:
    """The package rules' findings in each folder's INF files (``folders`` holds each folder's
    INF files in run order), with what they observed of each folder, in the order given."""
    return list(_for_each_folder([list(infs) for infs in folders], since, jobs))


def _folder_findings(infs: Sequence[CheckedInf], since: SinceRevision | None) -> FolderFindings:
    """The package rules' findings in one folder's INF files."""
    found: dict[str, list[Diagnostic]] = {}
    folder = PackageFolder(infs[0].path.parent, [inf.facts for inf in infs])
    for inf in infs:
        rules = _package_rules(inf.rules)
        if not rules:
            continue
        previous = since.previous(inf.path, inf.facts.path) if since is not None else None
        context = PackageContext(inf.facts, folder, previous, since.revision if since is not None else None)
        diagnostics = without_crashes(partial(_run, context, facts=inf.facts), rules)
        if diagnostics:
            found[inf.facts.path] = limit_findings(sorted(diagnostics, key=_sort_key))
    return FolderFindings(found, folder.probes)


# Files under one configuration share one list of rules: its package rules are picked out once.
_package_rules_of: dict[int, tuple[Sequence[RuleSettings], list[RuleSettings]]] = {}


def _package_rules(rules: Sequence[RuleSettings]) -> list[RuleSettings]:
    known = _package_rules_of.get(id(rules))
    if known is None or known[0] is not rules:
        known = _package_rules_of[id(rules)] = (
            rules,
            [settings for settings in rules if settings.rule.scope == "package"],
        )
    return known[1]


# Below this many folders per job, starting worker processes costs more than it saves.
_FOLDERS_PER_JOB_TO_FORK = 32

# What forked workers read: the folders to check and the revision, set before the pool starts.
_worker_folders: list[list[CheckedInf]] = []
_worker_since: SinceRevision | None = None


def _in_worker(position: int) -> FolderFindings:
    return _folder_findings(_worker_folders[position], _worker_since)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _for_each_folder(
    folders: list[list[CheckedInf]], since: SinceRevision | None, jobs: int
) -> Iterator[FolderFindings]:
    jobs = min(jobs, len(folders) // _FOLDERS_PER_JOB_TO_FORK)
    # multiprocessing is imported only when workers may start: a check of a few folders,
    # a single file's included, should not pay for it.
    if jobs < 2 or not _can_fork():
        yield from (_folder_findings(infs, since) for infs in folders)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _worker_folders, _worker_since
    _worker_folders, _worker_since = folders, since
    done = 0
    # As in infcheck.runner: frozen objects stay shared with the workers instead of being copied.
    gc.freeze()
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            for found in pool.map(_in_worker, range(len(folders)), chunksize=max(1, len(folders) // (jobs * 16))):
                yield found
                done += 1
    except (OSError, BrokenProcessPool):
        # A worker could not start or died: this process checks the folders that are left.
        yield from (_folder_findings(infs, since) for infs in folders[done:])
    finally:
        gc.unfreeze()
        _worker_folders, _worker_since = [], None


def _run(context: PackageContext, rules: list[RuleSettings], *, facts: InfFacts) -> list[Diagnostic]:
    kept = []
    for settings in rules:
        kept += [found for found in run_rule(context, settings) if not facts.suppressions.suppresses(found)]
    return kept


def repository_findings(checked: Sequence[CheckedInf]) -> dict[str, list[Diagnostic]]:
    """Each repository rule selected for any checked INF runs once over all of them; a finding is
    kept in a file whose settings select the rule, at the level they give it. Each file's findings
    are sorted and limited as a check's are."""
    by_rules: dict[int, dict[str, RuleSettings]] = {}  # files under one configuration share their rules
    for inf in checked:
        if id(inf.rules) not in by_rules:
            by_rules[id(inf.rules)] = {s.rule.code: s for s in inf.rules if s.rule.scope == "repository"}
    settings_by_file = {inf.facts.path: by_rules[id(inf.rules)] for inf in checked if inf.judged}
    suppressions = {inf.facts.path: inf.facts.suppressions for inf in checked}
    chosen: dict[str, RuleSettings] = {}
    for by_code in settings_by_file.values():
        for code, settings in by_code.items():
            chosen.setdefault(code, settings)
    if not chosen:
        return {}
    # A rule reports in the later of two INF files: the files not judged come first, so that what
    # they share with a judged one is reported in the judged one (in path order otherwise).
    ordered = sorted(checked, key=lambda inf: (inf.judged, inf.facts.path))
    context = RepositoryContext([inf.facts for inf in ordered])
    found: dict[str, list[Diagnostic]] = {}
    for code, settings in sorted(chosen.items()):
        try:
            diagnostics = list(run_rule(context, settings))
        except RuleCrash as crash:
            first = next(inf.facts.path for inf in ordered if inf.judged)
            found.setdefault(first, []).append(internal_error_finding(code, first, str(crash)))
            continue
        for diagnostic in diagnostics:
            own = settings_by_file.get(diagnostic.path, {}).get(code)
            if own is None or suppressions[diagnostic.path].suppresses(diagnostic):
                continue
            found.setdefault(diagnostic.path, []).append(diagnostic._replace(severity=own.severity))
    return {path: limit_findings(sorted(diagnostics, key=_sort_key)) for path, diagnostics in found.items()}


def _sort_key(diagnostic: Diagnostic) -> tuple[object, ...]:
    return diagnostic.sort_key
