"""The install-family facet: which DDInstall section each Models entry installs from, and the
sections of its family ([Install.NT.Services], [Install.NT.HW]...).

Provides ``index.install_sections``, worked out when a rule first asks for it: unlike the
other facets it is built from the Models facet alone, and most files are checked without it.

Source: learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from infcheck.document import Document, Section
from infcheck.knowledge.sections import INSTALL_FAMILY_SUFFIXES

if TYPE_CHECKING:
    from infcheck.index import Index


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


def install_sections(index: Index) -> dict[str, InstallSection]:
    """Each DDInstall section name Windows would use (lower case), mapped to the section."""
    document = index.document
    resolved: dict[str, InstallSection] = {}
    for name, platform_extension in index.models_entries_by_install:
        section_name = ddinstall_for(document, name, platform_extension)
        if section_name is None or section_name.lower() in resolved:
            continue
        resolved[section_name.lower()] = InstallSection(section_name, document.sections_named(section_name))
    return resolved


def ddinstall_for(document: Document, install_name: str, platform_extension: str) -> str | None:
    """The section Windows installs from: ``name.ntamd64``, then ``name.nt``, then ``name``."""
    for candidate in (f"{install_name}.{platform_extension}", f"{install_name}.nt", install_name):
        if document.has_section(candidate):
            return candidate
    return None
