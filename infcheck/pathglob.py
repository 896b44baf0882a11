"""Globs for ``exclude`` and ``per-file-ignores``, matched without backtracking.

A glob is split at ``/`` into parts, each matched against one folder or file
name: ``*`` stands for any run of characters and ``?`` for one, within that
name. A part that is exactly ``**`` stands for any number of names, none
included, except at the end: ``build/**`` is what lies inside ``build``.
``**`` inside a longer part (``**.inf``) is just ``*``. A glob without ``/``
(a trailing one aside) matches a name at any depth; with one it is anchored to
the configuration file's folder. A glob that matches a folder also matches
everything inside it. Letter case is ignored.

Globs used to become regular expressions, one ``.*`` per ``**``, and a few of
them made a single match take a minute. Here each ``*``-separated piece of a
part is found at its leftmost place in the name, and each run of parts between
``**`` at its leftmost run of names. Leftmost is never worse than any later
place, so nothing is tried twice: the work grows with the length of the path
times the length of the glob.
"""

from __future__ import annotations


class _NamePattern:
    """One part of a glob, matched against one name (both in lower case)."""

    def __init__(self, text: str):
        self.pieces = text.split("*")
        self.shortest = sum(len(piece) for piece in self.pieces)

    def matches(self, name: str) -> bool:
        pieces = self.pieces
        if len(pieces) == 1:
            return len(name) == self.shortest and _piece_at(pieces[0], name, 0)
        if len(name) < self.shortest:
            return False
        first, *middle, last = pieces
        end = len(name) - len(last)
        if not (_piece_at(first, name, 0) and _piece_at(last, name, end)):
            return False
        position = len(first)
        for piece in middle:
            found = _find_piece(piece, name, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True


def _piece_at(piece: str, name: str, start: int) -> bool:
    if "?" not in piece:
        return name.startswith(piece, start)
    found = name[start : start + len(piece)]
    return len(found) == len(piece) and all(wanted in ("?", char) for wanted, char in zip(piece, found, strict=False))


def _find_piece(piece: str, name: str, start: int, end: int) -> int:
    """Where ``piece`` first lies wholly within ``name[start:end]``, or -1."""
    if "?" not in piece:
        return name.find(piece, start, end)
    for position in range(start, end - len(piece) + 1):
        if _piece_at(piece, name, position):
            return position
    return -1


class PathGlob:
    """A gitignore-like glob for paths relative to a configuration file's folder, written with ``/``."""

    def __init__(self, glob: str):
        self.glob = glob
        parts = [part for part in glob.strip("/").lower().split("/") if part]
        anchored = "/" in glob.rstrip("/")
        if parts and not anchored:
            parts.insert(0, "**")
        self._empty = not parts
        self._free_start = bool(parts) and parts[0] == "**"
        # "build/**" is what lies inside build, not build itself (gitignore reads it so too).
        self._needs_more = bool(parts) and parts[-1] == "**"
        # The runs of ordinary parts between the "**" parts.
        self._runs: list[list[_NamePattern]] = [[]]
        for part in parts:
            if part == "**":
                self._runs.append([])
            else:
                self._runs[-1].append(_NamePattern(part))
        self._runs = [run for run in self._runs if run]

    def __repr__(self) -> str:
        return f"PathGlob({self.glob!r})"

    def matches(self, relative: str) -> bool:
        """Whether ``relative`` (``a/b/c.inf``), or a folder it lies in, matches."""
        if self._empty:
            return False
        names = relative.lower().split("/")
        position = 0
        for number, run in enumerate(self._runs):
            if number == 0 and not self._free_start:
                if not _run_at(run, names, 0):
                    return False
                position = len(run)
                continue
            found = next(
                (start for start in range(position, len(names) - len(run) + 1) if _run_at(run, names, start)), -1
            )
            if found < 0:
                return False
            position = found + len(run)
        return position < len(names) or not self._needs_more


def _run_at(run: list[_NamePattern], names: list[str], start: int) -> bool:
    return start + len(run) <= len(names) and all(part.matches(names[start + index]) for index, part in enumerate(run))
