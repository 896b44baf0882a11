"""The legacy syntax of InfVerif's 1300-1302 and 1307-1309, and where it stands.

InfVerif reports the same three messages ("Found legacy …", "Found legacy … operation",
"Found legacy … operation for '…'") under two sets of codes: 1300-1302, errors in every
mode, and 1307-1309, which the declarative mode (/k) only warns about. Microsoft documents
neither which syntax falls in which set nor why. infcheck splits them by where the syntax
stands: in the install sections a Models entry selects for a device (and their .Services,
.HW... siblings) it is 1300-1302; anywhere else that installs ([DefaultInstall*],
[ClassInstall32*], interface-install and other sections reached from them) it is 1307-1309.
Removal sections ([DefaultUninstall*], a network component's .Remove sections) are left
alone: deleting is what they are for.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Entry, Section
from infcheck.engine import DocumentContext
from infcheck.index import Index
from infcheck.package_model import PackageModel, cached_answer, family_base, package_model
from infcheck.package_reach import device_install_sections
from infcheck.rules._infverif import legacy_directives

# Install-family sections a universal INF may not hold (using-a-universal-inf-file), with what they are.
LEGACY_SECTION_SUFFIXES = {
    "coinstallers": "co-installer",
    "factdef": "factory-default",
    "logconfigoverride": "override",
}

# Directives that run code, edit INI files, shortcuts or registry bits, or set hardware resources.
LEGACY_OPERATIONS = (
    "bitreg",
    "ini2reg",
    "logconfig",
    "profileitems",
    "registerdlls",
    "unregisterdlls",
    "updateinifields",
    "updateinis",
)

# Directives that delete or rename what the system already holds.
DESTRUCTIVE_OPERATIONS = ("delfiles", "delproperty", "delreg", "delservice", "renfiles")


def legacy_sections(index: Index, in_device_install: bool) -> list[tuple[Section, str]]:
    """The first header of each legacy install-family section, with its kind, that is (or is
    not) the sibling of an install section a Models entry selects."""
    found = cached_answer(package_model(index), "legacy_sections", _legacy_sections)
    return found[in_device_install]


def _legacy_sections(model: PackageModel) -> dict[bool, list[tuple[Section, str]]]:
    device = device_install_sections(model)
    found: dict[bool, list[tuple[Section, str]]] = {True: [], False: []}
    seen: set[str] = set()
    for section in model.document.sections:
        key = section.key
        suffix = key.rsplit(".", 1)[-1]
        kind = LEGACY_SECTION_SUFFIXES.get(suffix) if "." in key else None
        if kind is None or key in seen:
            continue
        seen.add(key)
        found[key in device or family_base(key) in device].append((section, kind))
    return found


def legacy_entries(index: Index, names: tuple[str, ...], in_device_install: bool) -> list[Entry]:
    """The entries of the directives ``names`` in sections that install, in file order, that
    stand (or do not stand) in an install section a Models entry selects or its siblings."""
    model = package_model(index)
    found = cached_answer(model, "legacy_entries " + " ".join(names), lambda _: _placed_entries(index, names))
    return found[in_device_install]


def destructive_operation_findings(ctx: DocumentContext, in_device_install: bool) -> Iterator[Diagnostic]:
    """IV1302's and IV1309's finding, one per thing a destructive operation removes: the two codes
    differ only in where the operation stands."""
    for entry in legacy_entries(ctx.index, DESTRUCTIVE_OPERATIONS, in_device_install):
        # DelService names one service (then flags); the others list sections or @files.
        values = entry.values[:1] if entry.key_lower == "delservice" else entry.values
        for value in values:
            if value.is_empty:
                continue
            yield ctx.report(
                value.span,
                f"{entry.key} on '{value.resolved.strip()}' removes what the system already holds, which a "
                "universal INF may not do; install only what the package adds",
            )


def _placed_entries(index: Index, names: tuple[str, ...]) -> dict[bool, list[Entry]]:
    """The entries of ``legacy_directives``, split by whether they stand in a device's install sections."""
    device = device_install_sections(package_model(index))
    placed: dict[bool, list[Entry]] = {True: [], False: []}
    for entry in legacy_directives(index, names):
        if entry.section is not None:
            placed[entry.section.key in device].append(entry)
    return placed
