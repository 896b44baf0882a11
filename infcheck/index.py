"""The semantic index: what a document means as a driver package, built once and shared by all rules.

It answers the questions rules keep asking: what [Version] says, which Models
sections the [Manufacturer] lines name and for which platforms, which device
IDs each Models entry lists, which DDInstall section (and family) each entry
installs, and which sections the directives refer to.

Each of those concerns is a facet (:mod:`infcheck.facets`), built from the
document's sections; this module puts them together and adds the lookups rules share.
"""

from __future__ import annotations

from functools import cached_property

from infcheck.document import Document, Entry, Section
from infcheck.facets import FACETS, install
from infcheck.facets.directives import INDEXED_DIRECTIVES
from infcheck.facets.install import InstallSection, ddinstall_for
from infcheck.facets.models import (
    Decoration,
    DeviceId,
    ManufacturerLine,
    ModelsEntry,
    ModelsSection,
    models_section_owners,
)
from infcheck.facets.parts import KeptParts
from infcheck.facets.references import SectionReference
from infcheck.facets.version import VersionInfo

__all__ = [
    "Decoration",
    "DeviceId",
    "Index",
    "InstallSection",
    "ManufacturerLine",
    "ModelsEntry",
    "ModelsSection",
    "SectionReference",
    "VersionInfo",
]


class Index:
    """Everything rules need to know about a document's structure, computed once.

    ``kept`` holds the parts of an earlier index of the same document (see
    :class:`~infcheck.facets.parts.KeptParts`); without it every part is built afresh.
    """

    # Set by the facets, in the order they run.
    version: VersionInfo
    is_stampinf_source: bool  # an .inx file or an INF still holding $ARCH$: stampinf will fill it in
    manufacturer_lines: list[ManufacturerLine]
    models_sections: list[ModelsSection]
    models_entries: list[ModelsEntry]
    models_entries_by_install: dict[tuple[str, str], list[ModelsEntry]]
    all_device_ids: list[DeviceId]  # every non-empty ID of every Models entry, in the order of models_entries
    device_ids_by_bus: dict[str, list[DeviceId]]  # the same by enumerator (upper case; "" for none)
    directives: dict[str, list[Entry]]
    has_include: bool
    references: list[SectionReference]

    def __init__(self, document: Document, kept: KeptParts | None = None):
        self.document = document
        # What other layers work out from this index (the package model), kept as long as it.
        self.derived: dict[str, object] = {}
        kept = kept if kept is not None else KeptParts()
        for facet in FACETS:
            facet.build(self, kept)
        kept.build_finished()

    def release(self) -> None:
        """Let go of everything this index and the layers above it worked out (see
        :meth:`infcheck.document.Document.release`); the index cannot be read afterwards."""
        for derived in self.derived.values():
            release = getattr(derived, "release", None)
            if release is not None:
                release()
        self.__dict__.clear()

    # -- what kind of file this is ------------------------------------------------------

    @property
    def is_device_inf(self) -> bool:
        """An INF that installs devices: it has a [Manufacturer] section."""
        return self.document.has_section("manufacturer")

    @cached_property
    def target_computers_sections(self) -> list[Section]:
        """Every [TargetComputers] header, decorated variants included, in file order."""
        document = self.document
        keys = [
            key for key in document.section_keys() if key == "targetcomputers" or key.startswith("targetcomputers.")
        ]
        return sorted((section for key in keys for section in document.sections_named(key)), key=lambda s: s.start)

    @cached_property
    def install_sections(self) -> dict[str, InstallSection]:
        """Each DDInstall section a Models entry installs from (lower-case name -> section)."""
        return install.install_sections(self)

    # -- lookups -------------------------------------------------------------------------

    def models_section_owners(self) -> list[tuple[ModelsSection, Section]]:
        """Each section that holds Models entries, with the first Models section (in [Manufacturer]
        order) that names it; a section named twice lists its devices once."""
        return models_section_owners(self.models_sections)

    def ddinstall_for(self, install_name: str, platform_extension: str) -> str | None:
        """The section Windows installs from: ``name.ntamd64``, then ``name.nt``, then ``name``."""
        return ddinstall_for(self.document, install_name, platform_extension)

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
