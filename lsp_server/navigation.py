"""Go to definition, find references and rename, for %tokens% and section names.

Everything here works in character offsets into the document's text; the
server turns them into LSP ranges.

Renaming a section renames a name *and the names built on it*: INF files name
a section's family by suffixes (``Install.NT``, ``Install.NT.Services``,
``Install.CopyFiles``) and pick decorated Models sections from a base name,
so renaming ``Install`` to ``Setup`` renames every header and every written
reference whose name is ``Install`` or starts with ``Install.``. Only names
written literally are renamed: a reference spelled with a %token% or in
quotes is left alone, as are ``Needs`` and ``Include``, which name sections
and files of other INF files.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from infcheck.document import Section, Value
from infcheck.knowledge.directives import FOREIGN_REFERENCES
from infcheck.knowledge.sections import FIXED_SECTION_KEYS
from lsp_server.locate import (
    INSTALL_REFERENCE,
    MODELS_REFERENCE,
    SECTION,
    SECTION_REFERENCE,
    STRING_KEY,
    TOKEN,
    Lookups,
    Target,
    name_bounds,
    target_at,
)

_BAD_SECTION_NAME = re.compile(r'[\[\]\r\n;,="%]|^\s|\s$')
_BAD_TOKEN_NAME = re.compile(r'[\r\n;,="%\[\]]|^\s|\s$')


# Characters no name in an INF file can hold: control characters (NUL, tab, vertical tab, the C1
# range...), the Unicode line and paragraph separators, and lone surrogates, which no file encoding
# can store. Editors show several of them as nothing at all.
_UNUSABLE_CATEGORIES = {
    "Cc": "a control character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Cs": "a lone surrogate",
}


class RenameError(Exception):
    """A rename that cannot be done, with the reason to show the user."""


def _check_characters(new: str, what: str) -> None:
    for character in new:
        kind = _UNUSABLE_CATEGORIES.get(unicodedata.category(character))
        if kind is not None:
            raise RenameError(f"{new!r} cannot be {what}: it holds U+{ord(character):04X}, {kind}")


class Place(NamedTuple):
    start: int
    end: int


class RenameTarget(NamedTuple):
    """What a rename changes: a token or a section base name, and where the cursor's occurrence is."""

    kind: str  # TOKEN or SECTION
    name: str
    start: int
    end: int


# -- definition and references ----------------------------------------------------------------


def definitions(lookups: Lookups, offset: int) -> list[Place]:
    """Where the thing at ``offset`` is defined: [Strings] keys for a token, headers for a section."""
    target = target_at(lookups, offset)
    if target is None:
        return []
    if target.kind in (TOKEN, STRING_KEY):
        return token_definitions(lookups, target.name)
    return [_header_place(section) for section in _sections_meant(lookups, target)]


def references(lookups: Lookups, offset: int, include_declaration: bool) -> list[Place]:
    """Every place that names the token or section at ``offset``, in file order."""
    target = target_at(lookups, offset)
    if target is None:
        return []
    if target.kind in (TOKEN, STRING_KEY):
        found = token_uses(lookups, target.name)
        if include_declaration:
            found += token_definitions(lookups, target.name)
        return sorted(set(found))
    found = []
    for section in _sections_meant(lookups, target) or [None]:
        name = section.name if section is not None else target.name
        found += section_uses(lookups, name)
        if include_declaration and section is not None:
            found.append(_header_place(section))
    return sorted(set(found))


def _sections_meant(lookups: Lookups, target: Target) -> list[Section]:
    document = lookups.document
    if target.kind == SECTION:
        return document.sections_named(target.name)
    if target.kind == INSTALL_REFERENCE:
        models_entry = target.detail
        found = lookups.index.ddinstall_for(target.name, models_entry.models.platform_extension)
        return document.sections_named(found) if found is not None else []
    if target.kind == MODELS_REFERENCE:
        line = target.detail
        if target.start == getattr(line.models_value, "start", None):
            # The base name on a [Manufacturer] line stands for every Models section the line names.
            return [section for name, _ in line.models_section_names() for section in document.sections_named(name)]
        return document.sections_named(target.name)
    if target.kind == SECTION_REFERENCE:
        return document.sections_named(target.name)
    return []


def _header_place(section: Section) -> Place:
    return Place(*name_bounds(section))


def token_definitions(lookups: Lookups, name: str) -> list[Place]:
    """The keys of the [Strings] and [Strings.xxxx] entries defining ``name``."""
    wanted = name.lower()
    found = []
    for section in lookups.document.sections:
        if not section.is_strings:
            continue
        for entry in section.entries:
            if entry.key_lower == wanted:
                found.append(Place(*entry.key_bounds))
    return found


def token_uses(lookups: Lookups, name: str) -> list[Place]:
    """Every ``%name%`` outside the strings sections (and inside them), as the ``%name%`` text."""
    wanted = name.lower()
    text = lookups.document.text
    found = []
    for entry in lookups.document.entries:
        if text.find("%", entry.start, entry.end) < 0:
            continue
        for token in entry.tokens:
            if token.name.lower() == wanted:
                found.append(Place(token.start, token.end))
    return found


def section_uses(lookups: Lookups, name: str) -> list[Place]:
    """Every value that names the section ``name``: directive references, [Manufacturer]
    lines and the install sections of Models entries (which may resolve to ``name.NT``...)."""
    wanted = name.lower()  # blanks included: Windows keeps them in section names
    index = lookups.index
    found = [Place(ref.value.start, ref.value.end) for ref in index.references if ref.target.lower() == wanted]
    for line in index.manufacturer_lines:
        for models_name, decoration in line.models_section_names():
            if models_name.lower() == wanted:
                value = decoration.value if decoration is not None else line.models_value
                found.append(Place(value.start, value.end))
    for models_entry in index.models_entries:
        install = models_entry.install_name
        if install is None:
            continue
        resolved = index.ddinstall_for(install, models_entry.models.platform_extension)
        if install.lower() == wanted or (resolved is not None and resolved.lower() == wanted):
            found.append(Place(models_entry.install.start, models_entry.install.end))
    return found


# -- rename -----------------------------------------------------------------------------------


def rename_target(lookups: Lookups, offset: int) -> RenameTarget | None:
    """What renaming at ``offset`` would rename, or ``None`` when nothing there can be renamed."""
    target = target_at(lookups, offset)
    if target is None:
        return None
    if target.kind == TOKEN:
        if target.name.isdigit():
            return None  # a DIRID, which is a number Windows defines
        return RenameTarget(TOKEN, target.name, target.start + 1, target.end - 1)
    if target.kind == STRING_KEY:
        return RenameTarget(TOKEN, target.name, target.start, target.end)
    if target.kind == SECTION:
        if target.section is not None and target.section.key.split(".", 1)[0] in FIXED_SECTION_KEYS:
            return None  # Windows looks these sections up by name: another name would lose them
        return _header_rename(lookups, target, offset)
    value: Value | None = None
    if target.kind in (SECTION_REFERENCE, INSTALL_REFERENCE):
        if target.kind == SECTION_REFERENCE and target.detail.directive in FOREIGN_REFERENCES:
            return None
        value = next(v for v in target.entry.values if v.start == target.start)
    elif target.kind == MODELS_REFERENCE and target.start == getattr(target.detail.models_value, "start", None):
        value = target.detail.models_value
    if value is None or not _is_literal(value):
        return None
    return RenameTarget(SECTION, value.raw, value.start, value.end)


def _header_rename(lookups: Lookups, target: Target, offset: int) -> RenameTarget:
    """In a header, the cursor on the leading part that is a known base name renames that base."""
    start = target.start
    key = target.name.lower()
    best = len(target.name)
    for base in _base_names(lookups):
        size = len(base)
        if size < best and key.startswith(base.lower() + ".") and offset <= start + size:
            best = size
    return RenameTarget(SECTION, target.name[:best], start, start + best)


def _base_names(lookups: Lookups) -> set[str]:
    """Names other section names are built on: Models install names and [Manufacturer] Models names."""
    index = lookups.index
    names = {models_entry.install_name for models_entry in index.models_entries if models_entry.install_name}
    names |= {line.models_base for line in index.manufacturer_lines if line.models_base}
    return names


def _is_literal(value: Value) -> bool:
    raw = value.raw
    return bool(raw) and '"' not in raw and "%" not in raw and "\\" not in raw


def rename_edits(lookups: Lookups, target: RenameTarget, new_name: str) -> list[tuple[int, int, str]]:
    """The (start, end, new text) edits that rename ``target`` to ``new_name`` across the file."""
    if target.kind == TOKEN:
        return _rename_token(lookups, target.name, new_name)
    return _rename_section(lookups, target.name, new_name)


def _rename_token(lookups: Lookups, old: str, new: str) -> list[tuple[int, int, str]]:
    _check_characters(new, "a string token name")
    if not new or _BAD_TOKEN_NAME.search(new):
        raise RenameError(f"{new!r} cannot be a string token name")
    strings = lookups.document.strings
    if new.lower() != old.lower() and strings.defines(new):
        raise RenameError(f"%{new}% is already defined in [Strings]")
    edits = [(place.start + 1, place.end - 1, new) for place in token_uses(lookups, old)]
    edits += [(place.start, place.end, new) for place in token_definitions(lookups, old)]
    return sorted(edits)


def _rename_section(lookups: Lookups, old: str, new: str) -> list[tuple[int, int, str]]:
    _check_characters(new, "a section name")
    if not new or _BAD_SECTION_NAME.search(new):
        raise RenameError(f"{new!r} cannot be a section name")
    document = lookups.document
    old_key = old.lower()
    size = len(old)

    def renamed(name: str) -> bool:
        lowered = name.lower()
        return lowered == old_key or lowered.startswith(old_key + ".")

    if new.lower() != old_key:
        clash = next(
            (key for key in document.section_keys() if renamed(key) and document.has_section(new.lower() + key[size:])),
            None,
        )
        if clash is not None:
            existing = document.sections_named(new.lower() + clash[size:])[0].name
            raise RenameError(f"[{existing}] already exists; renaming would merge two sections")
    edits = set()
    for section in document.sections:
        if renamed(section.name):
            start, _ = name_bounds(section)
            edits.add((start, start + size, new))
    index = lookups.index
    values = [ref.value for ref in index.references if ref.directive not in FOREIGN_REFERENCES]
    values += [line.models_value for line in index.manufacturer_lines if line.models_value is not None]
    values += [entry.install for entry in index.models_entries if entry.install is not None]
    for value in values:
        if _is_literal(value) and renamed(value.raw):
            edits.add((value.start, value.start + size, new))
    return sorted(edits)
