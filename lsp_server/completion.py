"""Completion: what may be written at the cursor, judged from the line typed so far.

* after an unclosed ``%``: the tokens the string sections define;
* after ``[`` on a header line: sections the file refers to but lacks, and the usual fixed sections;
* at a key in a section: the directives that section takes (by its role, see :mod:`infcheck.section_roles`);
* in a value that names a section (``CopyFiles = ``, a Models entry's install section...): the file's sections;
* after ``Class =`` in [Version]: the system setup classes, each also writing the matching ``ClassGuid``.

Offsets are character offsets; an :class:`Item` says which stretch of text it replaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from infcheck.document import Document, Section
from infcheck.index import Index
from infcheck.knowledge.directives import FOREIGN_REFERENCES, directives_for, names_section, section_role_named
from infcheck.knowledge.sections import (
    DATA_SECTIONS,
    DATA_SECTIONS_WITH_KEYWORDS,
    FIXED_SECTION_KEYS,
    FIXED_SECTIONS,
    SECTION_ROLES,
    fixed_role,
)
from infcheck.knowledge.setup_classes import SYSTEM_CLASSES
from infcheck.section_roles import SectionRoles

_WORD_BEFORE = re.compile(r"[^\s,=\[\]%;]*$")
_WORD_AFTER = re.compile(r"[^\s,=\[\]%;]*")
_TOKEN_REST = re.compile(r"[^\s,;\"%=]*%?")


class Item(NamedTuple):
    """One completion: its label, kind, the text written over ``[start, end)`` and any other edits."""

    label: str
    kind: str  # "token", "section", "directive" or "class"
    detail: str
    start: int
    end: int
    new_text: str
    more_edits: tuple[tuple[int, int, str], ...] = ()
    sort_text: str | None = None


def complete(document: Document, index: Index, offset: int) -> list[Item]:
    text = document.text
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    line_end = _line_end(text, offset)
    before = text[line_start:offset]
    after = text[offset:line_end]
    if _in_comment(before):
        return []
    percent = _open_token(before)
    if percent is not None:
        return _tokens(document, line_start + percent + 1, offset, after)
    if before.lstrip(" \t").startswith("[") and "]" not in before:
        end = offset + _word_after(after)
        closed = text[end:line_end].startswith("]")
        return _headers(document, index, offset - len(_WORD_BEFORE.search(before).group()), end, closed)
    section = _section_at(document, offset)
    if section is None:
        return []
    start = offset - len(_WORD_BEFORE.search(before).group())
    end = offset + _word_after(after)
    equals = _unquoted_find(before, "=")
    if equals < 0:
        return _directives(section, index, start, end)
    key = before[:equals].strip().lower()
    position = _unquoted_count(before[equals + 1 :], ",")
    if section.key == "version" and key == "class" and position == 0:
        return _classes(document, index, text[line_start:line_end], line_start, start, end)
    if _names_section(section, index, key, position):
        # The other values of the entry: a section listed once need not be offered again.
        others = before[equals + 1 : start - line_start] + "," + text[end:line_end].split(";", 1)[0]
        listed = {value.strip(" \t\\").lower() for value in others.split(",")}
        wanted = _wanted_role(section, index, key, position)
        if wanted == "ddinstall" and section.key != "manufacturer":
            return _install_bases(document, index, start, end, listed)
        return _sections(document, index, start, end, wanted, section.key, listed)
    return []


def _line_end(text: str, offset: int) -> int:
    ends = [found for found in (text.find("\r", offset), text.find("\n", offset)) if found >= 0]
    return min(ends) if ends else len(text)


def _word_after(after: str) -> int:
    return len(_WORD_AFTER.match(after).group())


def _in_comment(before: str) -> bool:
    quoted = False
    for character in before:
        if character == '"':
            quoted = not quoted
        elif character == ";" and not quoted:
            return True
    return False


def _open_token(before: str) -> int | None:
    """Where the ``%`` of a token being typed is, when the line has an odd number of them."""
    if before.count("%") % 2 == 0:
        return None
    return before.rfind("%")


def _unquoted_find(text: str, wanted: str) -> int:
    quoted = False
    for position, character in enumerate(text):
        if character == '"':
            quoted = not quoted
        elif character == wanted and not quoted:
            return position
    return -1


def _unquoted_count(text: str, wanted: str) -> int:
    quoted = False
    count = 0
    for character in text:
        if character == '"':
            quoted = not quoted
        elif character == wanted and not quoted:
            count += 1
    return count


def _section_at(document: Document, offset: int) -> Section | None:
    sections = document.sections
    at = bisect_right([section.start for section in sections], offset) - 1
    return sections[at] if at >= 0 else None


def _tokens(document: Document, start: int, offset: int, after: str) -> list[Item]:
    rest = _TOKEN_REST.match(after).group()
    end = offset + len(rest)
    strings = document.strings
    names: dict[str, str] = {}
    for table in (strings.base, *strings.localized.values()):
        for key, entry in table.items():
            names.setdefault(key, entry.key)
    items = []
    for key, written in sorted(names.items()):
        value = strings.lookup(key)
        items.append(Item(written, "token", value or "", start, end, f"{written}%"))
    return items


def _headers(document: Document, index: Index, start: int, end: int, closed: bool) -> list[Item]:
    """Sections the file names but does not have first, then the fixed sections it lacks;
    each closes the header with ``]`` unless the line already has it."""
    close = "" if closed else "]"
    items = []
    seen = set()
    for reference in index.references:
        name = reference.target
        if reference.directive in FOREIGN_REFERENCES or not name or "%" in name:
            continue
        if name.lower() not in seen and not document.has_section(name):
            seen.add(name.lower())
            items.append(
                Item(
                    name, "section", "named in the file but not defined", start, end, name + close, sort_text=f"0{name}"
                )
            )
    for models in index.models_sections:
        if models.name.lower() not in seen and not models.sections:
            seen.add(models.name.lower())
            items.append(
                Item(
                    models.name,
                    "section",
                    "Models section named by [Manufacturer]",
                    start,
                    end,
                    models.name + close,
                    sort_text=f"0{models.name}",
                )
            )
    for name in FIXED_SECTIONS:
        if name.lower() not in seen and not document.has_section(name):
            items.append(
                Item(
                    name,
                    "section",
                    SECTION_ROLES.get(fixed_role(name.lower()) or "", ""),
                    start,
                    end,
                    name + close,
                    sort_text=f"1{name}",
                )
            )
    return items


def _directives(section: Section, index: Index, start: int, end: int) -> list[Item]:
    base = section.key.split(".", 1)[0]
    if section.is_strings or (base in DATA_SECTIONS and base not in DATA_SECTIONS_WITH_KEYWORDS):
        return []
    if any(models.name.lower() == section.key for models in index.models_sections):
        return []
    role = SectionRoles(index).role_of(section.name)
    directives = directives_for(role) if role is not None else []
    if not directives and base not in FIXED_SECTION_KEYS:
        # A section nothing names yet: offer what an install section takes.
        directives = directives_for("ddinstall")
    return [
        Item(directive.name, "directive", directive.summary, start, end, f"{directive.name} = ")
        for directive in directives
    ]


def _names_section(section: Section, index: Index, key: str, position: int) -> bool:
    """Whether the value at ``position`` (0-based, after the ``=``) of ``key`` names a section."""
    if section.key == "manufacturer":
        return position == 0
    if any(models.name.lower() == section.key for models in index.models_sections):
        return position == 0
    if section.key.split(".", 1)[0] in DATA_SECTIONS or section.is_strings:
        return False
    return key not in FOREIGN_REFERENCES and names_section(key, position)


def _wanted_role(section: Section, index: Index, key: str, position: int) -> str | None:
    """The kind of section the value being written names, when it is known."""
    if section.key == "manufacturer":
        return "models"
    if any(models.name.lower() == section.key for models in index.models_sections):
        return "ddinstall"
    return section_role_named(key, position)


def _sections(
    document: Document, index: Index, start: int, end: int, wanted: str | None, editing: str, listed: set[str]
) -> list[Item]:
    """Sections that may be named here: those of the wanted kind, and those nothing names yet
    (a section being written may not be named anywhere so far); never the section being edited,
    nor one the entry already lists."""
    roles = SectionRoles(index)
    items = []
    seen = {editing} | listed
    for section in document.sections:
        if section.key in seen or section.key.split(".", 1)[0] in FIXED_SECTION_KEYS or section.is_strings:
            continue
        seen.add(section.key)
        role = roles.role_of(section.name)
        if wanted is not None and role is not None and role != wanted:
            continue
        items.append(
            Item(section.name, "section", SECTION_ROLES.get(role, "") if role else "", start, end, section.name)
        )
    return items


def _classes(document: Document, index: Index, line: str, line_start: int, start: int, end: int) -> list[Item]:
    """Class names; choosing one also sets ClassGuid (replacing its value, or adding the line after this one)."""
    guid_value = index.version.first_value("ClassGuid")
    newline = document.encoding.newline or "\r\n"
    line_end = line_start + len(line)
    items = []
    for name, guid in sorted(SYSTEM_CLASSES.items(), key=lambda item: item[0].lower()):
        braced = "{" + guid + "}"
        if guid_value is not None:
            more = ((guid_value.start, guid_value.end, braced),)
        else:
            more = ((line_end, line_end, f"{newline}ClassGuid = {braced}"),)
        items.append(Item(name, "class", f"ClassGuid {braced}", start, end, name, more))
    return items


# An install section's platform extension: .NT, .NTamd64, .NTarm64.10.0...22000 and so on.
_PLATFORM_EXTENSION = re.compile(r"\.nt(?:x86|amd64|arm64|arm|ia64)?(?:\.[^.]*)*$", re.IGNORECASE)


def _install_bases(document: Document, index: Index, start: int, end: int, listed: set[str]) -> list[Item]:
    """What a Models entry names: an install section's name without its platform extension,
    which Windows adds itself (``NicInstall`` for ``[NicInstall.NT]`` and ``[NicInstall.NTamd64]``)."""
    roles = SectionRoles(index)
    items = []
    seen = set(listed)
    for section in document.sections:
        if section.key.split(".", 1)[0] in FIXED_SECTION_KEYS or section.is_strings:
            continue
        if any(models.name.lower() == section.key for models in index.models_sections):
            continue
        role = roles.role_of(section.name)
        if role is not None and role != "ddinstall":
            continue
        base = _PLATFORM_EXTENSION.sub("", section.name)
        if base.lower() in seen:
            continue
        seen.add(base.lower())
        items.append(Item(base, "section", SECTION_ROLES.get("ddinstall", ""), start, end, base))
    return items
