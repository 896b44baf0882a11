"""The semantic index: what a document means as a driver package, built once and shared by all rules.

It answers the questions rules keep asking: what [Version] says, which Models
sections the [Manufacturer] lines name and for which platforms, which device
IDs each Models entry lists, which DDInstall section (and family) each entry
installs, and which sections the directives refer to.

Sources: learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section,
.../inf-models-section, .../inf-ddinstall-section and the pages of each directive.
"""

from __future__ import annotations

from functools import cached_property
from typing import NamedTuple, Protocol

from infcheck.document import Document, Entry, Section, Span, Value
from infcheck.hwid import HardwareId, parse_hardware_id
from infcheck.knowledge.directives import SECTION_REFERENCES
from infcheck.knowledge.sections import DATA_SECTIONS, INSTALL_FAMILY_SUFFIXES
from infcheck.targetos import TargetOS, parse_target_os

# Directives the index finds up front; others are looked up on demand by :meth:`Index.directive`.
INDEXED_DIRECTIVES = frozenset(SECTION_REFERENCES) | {"driverver", "featurescore", "include"}

_DIRECTIVE_INITIALS = frozenset(name[0] for name in INDEXED_DIRECTIVES) | frozenset(
    name[0].upper() for name in INDEXED_DIRECTIVES
)


class DeviceId(NamedTuple):
    """A hardware or compatible ID listed by a Models entry, as written and as resolved."""

    value: Value
    hardware_id: HardwareId
    compatible: bool

    def span_of(self, start: int, end: int) -> Span:
        """The file span of characters ``start:end`` of the resolved ID, or the whole value
        when the ID came through a ``%strkey%`` token and has no characters of its own in the file."""
        value = self.value
        raw = value.raw
        resolved = self.hardware_id.text
        if raw == resolved:
            return value.span_of(start, end - start)
        if raw == f'"{resolved}"':
            return value.span_of(start + 1, end - start)
        return value.span

    @property
    def span(self) -> Span:
        return self.span_of(0, len(self.hardware_id.text))

    @property
    def kind(self) -> str:
        """``hardware ID`` or ``compatible ID``, for messages."""
        return "compatible ID" if self.compatible else "hardware ID"


class ModelsEntry(NamedTuple):
    """``device-description = install-section, hw-id, compatible-id...`` in a Models section."""

    entry: Entry
    models: ModelsSection
    install: Value | None
    ids: list[DeviceId]

    @property
    def install_name(self) -> str | None:
        if self.install is None or not self.install.resolved.strip():
            return None
        return self.install.resolved.strip()


class ModelsSection(NamedTuple):
    """A Models section named by a [Manufacturer] line, with the decoration that selects it."""

    name: str
    decoration: Decoration | None
    manufacturer_line: ManufacturerLine
    sections: list[Section]

    @property
    def target(self) -> TargetOS | None:
        return self.decoration.target if self.decoration else None

    @property
    def platform_extension(self) -> str:
        return self.decoration.target.platform_extension if self.decoration else "ntx86"

    @property
    def reference_span(self) -> Span | None:
        """Where [Manufacturer] names it: the decoration, or the models name itself."""
        value = self.decoration.value if self.decoration else self.manufacturer_line.models_value
        return value.span if value is not None else None


class Decoration(NamedTuple):
    """One TargetOSVersion written on a [Manufacturer] line."""

    value: Value
    target: TargetOS


class ManufacturerLine(NamedTuple):
    """``%Mfg% = models-section-name, TargetOSVersion...`` (or a bare manufacturer name)."""

    entry: Entry
    models_value: Value | None
    decorations: list[Decoration]

    @property
    def models_base(self) -> str | None:
        if self.models_value is None:
            return None
        name = self.models_value.resolved.strip()
        return name or None

    def models_section_names(self) -> list[tuple[str, Decoration | None]]:
        """The Models sections this line names: one per decoration, or the base name alone."""
        base = self.models_base
        if base is None:
            return []
        if not self.decorations:
            return [(base, None)]
        return [(f"{base}.{decoration.target.text}", decoration) for decoration in self.decorations]


class SectionReference(NamedTuple):
    """A value that names a section: a CopyFiles list, an AddService install section..."""

    entry: Entry
    directive: str
    value: Value

    @property
    def target(self) -> str:
        return self.value.resolved.strip()


class InstallSection(NamedTuple):
    """A DDInstall section that a Models entry installs from."""

    section_name: str
    sections: list[Section]

    def family(self, document: Document) -> dict[str, list[Section]]:
        """The sections of its family that exist: suffix (``services``, ``hw``...) -> sections."""
        return {
            suffix: document.sections_named(f"{self.section_name}.{suffix}")
            for suffix in INSTALL_FAMILY_SUFFIXES
            if document.has_section(f"{self.section_name}.{suffix}")
        }


class VersionInfo(NamedTuple):
    """The [Version] section, merged across duplicate headers; keys are lower-case."""

    sections: list[Section]
    entries: dict[str, Entry]

    def get(self, key: str) -> Entry | None:
        return self.entries.get(key.lower())

    def first_value(self, key: str) -> Value | None:
        entry = self.get(key)
        return entry.value(0) if entry is not None else None

    def text(self, key: str) -> str | None:
        value = self.first_value(key)
        return value.resolved.strip() if value is not None else None

    @property
    def catalog_entries(self) -> list[Entry]:
        return [entry for key, entry in self.entries.items() if key == "catalogfile" or key.startswith("catalogfile.")]


class IndexPieces(Protocol):
    """Where an index can take its costly pieces from instead of computing them from scratch.

    The incremental checker keeps these pieces per section between edits; an
    index assembled from them equals, piece for piece and in the same order,
    the one :class:`Index` computes from the whole document.
    """

    def same_models_sections(self, found: list[ModelsSection]) -> list[ModelsSection]:
        """``found``, with each Models section equal to one of the previous index replaced by that one."""

    def models_entries(
        self, owners: list[tuple[ModelsSection, Section]]
    ) -> tuple[list[ModelsEntry], dict[tuple[str, str], list[ModelsEntry]], list[DeviceId]]:
        """The Models entries of ``owners`` in order, the same grouped as :func:`group_by_install`
        does, and their device IDs as :func:`device_ids_of` lists them."""

    device_ids_by_bus: dict[str, list[DeviceId]]  # after models_entries: its device IDs as group_by_bus groups them

    def directives(self, document: Document) -> dict[str, list[Entry]]:
        """What :func:`collect_directives` finds in the whole document."""

    def mentions_arch(self, document: Document) -> bool:
        """Whether the document's text holds ``$ARCH$``."""


class Index:
    """Everything rules need to know about a document's structure, computed once."""

    def __init__(self, document: Document, pieces: IndexPieces | None = None):
        self.document = document
        self.version = self._read_version()
        self.manufacturer_lines = self._read_manufacturer()
        if pieces is None:
            self.models_sections = self._find_models_sections()
            self.models_entries = self._read_models_entries()
            self.models_entries_by_install = self._group_by_install()
        else:
            self.models_sections = pieces.same_models_sections(self._find_models_sections())
            owners = self.models_section_owners()
            self.models_entries, self.models_entries_by_install, device_ids = pieces.models_entries(owners)
            # Filled in ahead of the cached properties, which would otherwise work them out again.
            self.__dict__["all_device_ids"] = device_ids
            self.__dict__["device_ids_by_bus"] = pieces.device_ids_by_bus
            stampinf_source = document.path.lower().endswith(".inx") or pieces.mentions_arch(document)
            self.__dict__["is_stampinf_source"] = stampinf_source
        self.install_sections = self._resolve_install_sections()
        self.directives = self._collect_directives() if pieces is None else pieces.directives(document)
        self.has_include = "include" in self.directives
        self.references = self._find_references()

    # -- what kind of file this is ------------------------------------------------------

    @property
    def is_device_inf(self) -> bool:
        """An INF that installs devices: it has a [Manufacturer] section."""
        return self.document.has_section("manufacturer")

    @cached_property
    def is_stampinf_source(self) -> bool:
        """An .inx file or an INF still holding ``$ARCH$``: stampinf will add DriverVer and architectures.

        stampinf only replaces ``$ARCH$`` written in upper case.
        """
        return self.document.path.lower().endswith(".inx") or "$ARCH$" in self.document.text

    @cached_property
    def target_computers_sections(self) -> list[Section]:
        """Every [TargetComputers] header, decorated variants included, in file order."""
        document = self.document
        keys = [
            key for key in document.section_keys() if key == "targetcomputers" or key.startswith("targetcomputers.")
        ]
        return sorted((section for key in keys for section in document.sections_named(key)), key=lambda s: s.start)

    # -- building ------------------------------------------------------------------------

    def _read_version(self) -> VersionInfo:
        sections = self.document.sections_named("version")
        entries: dict[str, Entry] = {}
        for section in sections:
            for entry in section.entries:
                key = entry.key_lower
                if key is not None:
                    entries.setdefault(key, entry)
        return VersionInfo(sections, entries)

    def _read_manufacturer(self) -> list[ManufacturerLine]:
        lines = []
        for entry in self.document.entries_in("manufacturer"):
            values = entry.values
            if entry.key is None:
                # A bare manufacturer name names a Models section of the same name.
                lines.append(ManufacturerLine(entry, values[0] if values else None, []))
                continue
            decorations = [
                Decoration(value, parse_target_os(value.resolved)) for value in values[1:] if not value.is_empty
            ]
            lines.append(ManufacturerLine(entry, values[0] if values else None, decorations))
        return lines

    def _find_models_sections(self) -> list[ModelsSection]:
        found = []
        for line in self.manufacturer_lines:
            for name, decoration in line.models_section_names():
                found.append(ModelsSection(name, decoration, line, self.document.sections_named(name)))
        return found

    def _read_models_entries(self) -> list[ModelsEntry]:
        entries: list[ModelsEntry] = []
        for models, section in self.models_section_owners():
            entries += models_entries_in(section.entries, models)
        return entries

    def models_section_owners(self) -> list[tuple[ModelsSection, Section]]:
        """Each section that holds Models entries, with the first Models section (in [Manufacturer]
        order) that names it; a section named twice lists its devices once."""
        owners = []
        seen: set[int] = set()
        for models in self.models_sections:
            for section in models.sections:
                if id(section) not in seen:
                    seen.add(id(section))
                    owners.append((models, section))
        return owners

    def _group_by_install(self) -> dict[tuple[str, str], list[ModelsEntry]]:
        return group_by_install(self.models_entries)

    def _resolve_install_sections(self) -> dict[str, InstallSection]:
        """Map each DDInstall section name Windows would use (lower case) to the section."""
        resolved: dict[str, InstallSection] = {}
        for name, platform_extension in self.models_entries_by_install:
            section_name = self.ddinstall_for(name, platform_extension)
            if section_name is None or section_name.lower() in resolved:
                continue
            resolved[section_name.lower()] = InstallSection(section_name, self.document.sections_named(section_name))
        return resolved

    def ddinstall_for(self, install_name: str, platform_extension: str) -> str | None:
        """The section Windows installs from: ``name.ntamd64``, then ``name.nt``, then ``name``."""
        for candidate in (f"{install_name}.{platform_extension}", f"{install_name}.nt", install_name):
            if self.document.has_section(candidate):
                return candidate
        return None

    def is_ddinstall_section(self, section: Section) -> bool:
        return section.key in self.install_sections

    def directive(self, name: str) -> list[Entry]:
        """Every entry whose key is ``name`` (any case), outside the [Strings] sections, in file order."""
        name = name.lower()
        if name in INDEXED_DIRECTIVES:
            return self.directives.get(name, [])
        return [
            entry
            for section in self.document.sections
            if not section.is_strings
            for entry in section.entries
            if entry.key_lower == name
        ]

    def _collect_directives(self) -> dict[str, list[Entry]]:
        return collect_directives(self.document.text, self.document.entries)

    def _find_references(self) -> list[SectionReference]:
        references = []
        models_keys = {models.name.lower() for models in self.models_sections}
        skipped: dict[str, bool] = {}
        for directive, entries in self.directives.items():
            positions = SECTION_REFERENCES.get(directive)
            if positions is None:
                continue
            for entry in entries:
                key = entry.section.key
                skip = skipped.get(key)
                if skip is None:
                    skip = skipped[key] = key.split(".", 1)[0] in DATA_SECTIONS or key in models_keys
                if skip:
                    continue
                values = (
                    entry.values
                    if positions == "all"
                    else [entry.values[p] for p in positions if p < len(entry.values)]
                )
                for value in values:
                    if value.start == value.end or (directive == "copyfiles" and value.text.startswith("@")):
                        continue
                    references.append(SectionReference(entry, directive, value))
        references.sort(key=lambda reference: reference.value.start)
        return references

    # -- convenience ---------------------------------------------------------------------

    @cached_property
    def all_device_ids(self) -> list[DeviceId]:
        """Every non-empty hardware and compatible ID of every Models entry, in the order of :attr:`models_entries`."""
        return device_ids_of(self.models_entries)

    @cached_property
    def device_ids_by_bus(self) -> dict[str, list[DeviceId]]:
        """:attr:`all_device_ids` grouped by enumerator (upper case; ``""`` for none), in the same order."""
        return group_by_bus(self.all_device_ids)


# The pieces of an index that cost time on a large file: each is built from one
# stretch of entries and merged with a plain concatenation, so the incremental
# checker can build them a stretch at a time and reuse the stretches an edit left alone.


def models_entries_in(entries: list[Entry], models: ModelsSection) -> list[ModelsEntry]:
    """The Models entries a run of entries of a section that ``models`` names holds."""
    found = []
    for entry in entries:
        values = entry.values
        install = values[0] if values else None
        ids = [
            DeviceId(value, parse_hardware_id(value.resolved.strip()), position > 1)
            for position, value in enumerate(values[1:], start=1)
            if not value.is_empty
        ]
        found.append(ModelsEntry(entry, models, install, ids))
    return found


def group_by_install(models_entries: list[ModelsEntry]) -> dict[tuple[str, str], list[ModelsEntry]]:
    """Models entries by the install name they give and the platform extension of their Models
    section, in order of first appearance; entries without an install name are left out."""
    groups: dict[tuple[str, str], list[ModelsEntry]] = {}
    for models_entry in models_entries:
        name = models_entry.install_name
        if name is not None:
            key = (name, models_entry.models.platform_extension)
            group = groups.get(key)
            if group is None:
                groups[key] = [models_entry]
            else:
                group.append(models_entry)
    return groups


def device_ids_of(models_entries: list[ModelsEntry]) -> list[DeviceId]:
    return [
        device_id for models_entry in models_entries for device_id in models_entry.ids if device_id.hardware_id.text
    ]


def group_by_bus(device_ids: list[DeviceId]) -> dict[str, list[DeviceId]]:
    groups: dict[str, list[DeviceId]] = {}
    for device_id in device_ids:
        groups.setdefault(device_id.hardware_id.enumerator_upper, []).append(device_id)
    return groups


def collect_directives(text: str, entries: list[Entry]) -> dict[str, list[Entry]]:
    """The entries of the indexed directives outside [Strings], grouped by lower-case key.

    Directive keys are plain words, so a look at the first letter and at the
    text before the ``=`` settles it without splitting the entry.
    """
    directives: dict[str, list[Entry]] = {}
    for entry in entries:
        start = entry.start
        if text[start] not in _DIRECTIVE_INITIALS:
            continue
        section = entry.section
        if section is None or section.is_strings:
            continue
        equals = text.find("=", start, entry.end)
        if equals < 0:
            continue
        name = text[start:equals].rstrip(" \t").lower()
        if name in INDEXED_DIRECTIVES:
            directives.setdefault(name, []).append(entry)
    return directives
