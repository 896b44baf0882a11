"""What the Needs rules (IV1310-1313, IV1319, IV2651) share: each Needs value, the suffix it
should carry and the INF file that should be included for it."""

from __future__ import annotations

from typing import NamedTuple

from infcheck.document import Section, Value
from infcheck.index import Index
from infcheck.package_model import PackageModel, cached_answer, family_suffix, package_model

# Sections drivers commonly Need from inbox INFs, by the name before the first dot (lower case),
# with the INF that defines them.
INBOX_NEEDS = {
    "wudfrd": "wudfrd.inf",
    "wudfrd_lowerfilter": "wudfrd.inf",
    "wudfrd_upperfilter": "wudfrd.inf",
    "winusb": "winusb.inf",
    "mshidkmdf": "mshidkmdf.inf",
    "mshidumdf": "mshidumdf.inf",
    "netcxrd_filter": "netcxrd.inf",
    "ks": "ks.inf",
    "kscaptur": "kscaptur.inf",
    "wdmaudio": "wdmaudio.inf",
    "sti": "sti.inf",
    "usbvideo": "usbvideo.inf",
}


# The install-family suffixes as the documentation writes them, for messages.
_WRITTEN_SUFFIXES = {
    "services": "Services",
    "hw": "HW",
    "coinstallers": "CoInstallers",
    "interfaces": "Interfaces",
    "wdf": "Wdf",
    "components": "Components",
    "software": "Software",
    "logconfigoverride": "LogConfigOverride",
    "factdef": "FactDef",
    "events": "Events",
    "wmi": "WMI",
    "filters": "Filters",
    "com": "COM",
}


def written(suffix: str | None) -> str:
    """A suffix as the documentation writes it (``.Services``), for messages; ``""`` for none."""
    return "." + _WRITTEN_SUFFIXES.get(suffix, suffix) if suffix else ""


class Need(NamedTuple):
    """One value of a Needs directive: the section holding it and the section it names."""

    section: Section
    value: Value

    @property
    def target(self) -> str:
        return self.value.resolved.strip()


class SuffixMismatch(NamedTuple):
    """A Needs value whose suffix differs from the one expected of it.

    ``parent`` is the section that Needs the holding section, when the holding section is
    itself reached through Needs (InfVerif's 1312/1313); ``None`` otherwise (1310/1311).
    """

    need: Need
    expected: str | None
    found: str | None
    parent: Section | None

    @property
    def code(self) -> int:
        if self.parent is None:
            return 1311 if self.found is None else 1310
        return 1313 if self.found is None else 1312


def needs(index: Index) -> list[Need]:
    """Every non-empty Needs value, in file order."""
    found = []
    for entry in index.directive("needs"):
        if entry.section is None:
            continue
        found += [Need(entry.section, value) for value in entry.values if value.resolved.strip()]
    return found


def suffix_mismatches(index: Index) -> list[SuffixMismatch]:
    """The Needs values naming a section with another install-family suffix than the section
    holding them (or, for a section reached through Needs, than the section that needs it)."""
    return cached_answer(package_model(index), "needs_suffix_mismatches", _suffix_mismatches)


def _suffix_mismatches(model: PackageModel) -> list[SuffixMismatch]:
    index = model.index
    all_needs = needs(index)
    parents: dict[str, Section] = {}
    for need in all_needs:
        if index.document.has_section(need.target):
            parents.setdefault(need.target.lower(), need.section)
    found = []
    for need in all_needs:
        parent = parents.get(need.section.key)
        expected = _effective_suffix(need.section, parents)
        actual = family_suffix(need.target)
        if expected != actual:
            found.append(SuffixMismatch(need, expected, actual, parent))
    return found


def _effective_suffix(section: Section, parents: dict[str, Section]) -> str | None:
    """A section's own suffix, or the one of the section needing it, followed up the chain."""
    seen = set()
    current: Section | None = section
    while current is not None and current.key not in seen:
        own = family_suffix(current.name)
        if own is not None:
            return own
        seen.add(current.key)
        current = parents.get(current.key)
    return None


def included_files(index: Index, section: Section) -> list[str]:
    """The INF files the Include directives of ``section`` name, lower case."""
    return [
        value.resolved.strip().strip('"').lower()
        for entry in index.document.entries_in(section.name)
        if entry.key_lower == "include"
        for value in entry.values
        if value.resolved.strip()
    ]


def inbox_file_for(target: str) -> str | None:
    """The inbox INF known to define a Needs target, if any."""
    return INBOX_NEEDS.get(target.split(".", 1)[0].strip().lower())
