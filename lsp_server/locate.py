"""What is at a place in a document: a %token%, a section name, a reference to a section, a device ID...

Hover, go to definition, find references and rename all start here, so they
agree on what the cursor is on. Offsets are character offsets into the
document's text.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from infcheck.document import Document, Entry, Section, Value
from infcheck.index import DeviceId, Index, ManufacturerLine, ModelsEntry, SectionReference
from infcheck.knowledge.directives import DIRECTIVES
from infcheck.knowledge.sections import DATA_SECTIONS, DATA_SECTIONS_WITH_KEYWORDS

TOKEN = "token"  # %name% in a value or key
STRING_KEY = "string-key"  # the key of a [Strings] entry, which defines a token
SECTION = "section"  # the name in a [section] header
SECTION_REFERENCE = "section-reference"  # a value a directive names a section with
INSTALL_REFERENCE = "install-reference"  # the install section of a Models entry
MODELS_REFERENCE = "models-reference"  # the Models section name (or a decoration) on a [Manufacturer] line
DEVICE_ID = "device-id"  # a hardware or compatible ID of a Models entry
DIRECTIVE = (
    "directive"  # the key of an entry outside the data sections, or a known key of [Version] or [DestinationDirs]
)


class Target(NamedTuple):
    """The thing at a place: its kind, where it is written and the name it stands for."""

    kind: str
    start: int
    end: int
    name: str
    entry: Entry | None = None
    section: Section | None = None
    detail: object = None


class Lookups:
    """Maps from the document's objects to what the index says about them, built on first use."""

    def __init__(self, document: Document, index: Index):
        self.document = document
        self.index = index
        self._models: dict[int, ModelsEntry] | None = None
        self._references: dict[int, SectionReference] | None = None
        self._manufacturer: dict[int, ManufacturerLine] | None = None

    def models_entry(self, entry: Entry) -> ModelsEntry | None:
        if self._models is None:
            self._models = {id(models_entry.entry): models_entry for models_entry in self.index.models_entries}
        return self._models.get(id(entry))

    def reference(self, value: Value) -> SectionReference | None:
        if self._references is None:
            self._references = {id(reference.value): reference for reference in self.index.references}
        return self._references.get(id(value))

    def manufacturer_line(self, entry: Entry) -> ManufacturerLine | None:
        if self._manufacturer is None:
            self._manufacturer = {id(line.entry): line for line in self.index.manufacturer_lines}
        return self._manufacturer.get(id(entry))


def target_at(lookups: Lookups, offset: int) -> Target | None:
    """The thing at ``offset``, or ``None`` when it is blank space, a comment or plain text.

    A place just after the last character of a name counts as on it, as editors put the cursor there.
    """
    document = lookups.document
    section = _header_at(document, offset)
    if section is not None:
        start, end = name_bounds(section)
        return Target(SECTION, start, end, section.name, section=section) if start <= offset <= end else None
    entry = document.entry_at(offset)
    if entry is None and offset > 0:
        entry = document.entry_at(offset - 1)
    if entry is None:
        return None
    for token in entry.tokens:
        if token.start <= offset <= token.end:
            return Target(TOKEN, token.start, token.end, token.name, entry, entry.section)
    section = entry.section
    key = entry.key_bounds if section is not None else None
    if key is not None and key[0] <= offset <= key[1]:
        if section.is_strings:
            return Target(STRING_KEY, key[0], key[1], entry.key, entry, section)
        base = section.key.split(".", 1)[0]
        if base not in DATA_SECTIONS and lookups.models_entry(entry) is None:
            return Target(DIRECTIVE, key[0], key[1], entry.key, entry, section)
        if base in DATA_SECTIONS_WITH_KEYWORDS and entry.key.lower() in DIRECTIVES:
            return Target(DIRECTIVE, key[0], key[1], entry.key, entry, section)
        return None
    value = next((value for value in entry.values if value.start <= offset <= value.end and not value.is_empty), None)
    if value is None or section is None:
        return None
    return _value_target(lookups, entry, section, value)


def name_bounds(section: Section) -> tuple[int, int]:
    """The offsets of a section's name: everything between its brackets, as Windows reads it."""
    return section.start + 1, section.end - 1


def _header_at(document: Document, offset: int) -> Section | None:
    """The section whose header line holds ``offset``."""
    sections = document.sections
    index = bisect_right([section.start for section in sections], offset) - 1
    if index < 0:
        return None
    section = sections[index]
    return section if offset <= section.end else None


def _value_target(lookups: Lookups, entry: Entry, section: Section, value: Value) -> Target | None:
    models_entry = lookups.models_entry(entry)
    if models_entry is not None:
        if value is models_entry.install:
            name = models_entry.install_name
            return (
                Target(INSTALL_REFERENCE, value.start, value.end, name, entry, section, models_entry) if name else None
            )
        device_id = next((device_id for device_id in models_entry.ids if device_id.value is value), None)
        if device_id is not None:
            return Target(DEVICE_ID, value.start, value.end, device_id.hardware_id.text, entry, section, device_id)
        return None
    reference = lookups.reference(value)
    if reference is not None:
        return Target(SECTION_REFERENCE, value.start, value.end, reference.target, entry, section, reference)
    line = lookups.manufacturer_line(entry)
    if line is not None and line.models_base:
        if value is line.models_value:
            return Target(MODELS_REFERENCE, value.start, value.end, line.models_base, entry, section, line)
        decoration = next((decoration for decoration in line.decorations if decoration.value is value), None)
        if decoration is not None:
            name = f"{line.models_base}.{decoration.target.text}"
            return Target(MODELS_REFERENCE, value.start, value.end, name, entry, section, line)
    return None


def device_id_of(target: Target) -> DeviceId | None:
    return target.detail if target.kind == DEVICE_ID else None
