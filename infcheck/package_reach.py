"""What a driver package reaches: the sections Windows can process, the install sections that
serve devices, and where the registry writes of services land.

These are questions of the package model (:mod:`infcheck.package_model`) that the isolation
and unused-section checks ask; they live beside it and are worked out once per model through
:func:`infcheck.package_model.cached_answer`.

Sources: learn.microsoft.com/windows-hardware/drivers/install/ inf-ddinstall-section,
inf-addservice-directive, inf-interfaceinstall32-section, inf-destinationdirs-section;
learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from infcheck.document import Entry, Section
from infcheck.knowledge.sections import DATA_SECTIONS
from infcheck.package_facts import service_installs
from infcheck.package_model import (
    PackageModel,
    RegistryOperation,
    cached_answer,
    family_base,
)

# Sections Windows (or a tool installing the package) finds by their name, whatever decoration
# follows the first dot: [Strings.0409], [SourceDisksFiles.amd64], [DefaultInstall.NTamd64.Services]...
_NAMED_ROOTS = frozenset(
    {
        "version",
        "strings",
        "sourcedisksnames",
        "sourcedisksfiles",
        "destinationdirs",
        "manufacturer",
        "controlflags",
        "targetcomputers",
        "interfaceinstall32",
        "deviceinstall32",
        "signatureattributes",
        "classinstall32",
        "defaultinstall",
        "defaultuninstall",
    }
)

# A section's security descriptor lives in [<section>.Security] (inf-ddinstall-section).
_SECURITY_SUFFIX = ".security"

# A backslash that joins the next line to its own (blanks and a comment may follow it).
_CONTINUATION = re.compile(r"\\[ \t]*(?:[;\x1a][^\r\n]*)?(?:[\r\n]|$)")

_NT_DECORATION = re.compile(r"\.nt(?:x86|amd64|arm64|arm|ia64|\$arch\$)?(?=\.|$)")

# Network class installers run [<install>.Remove] and its family when a component is removed.
_REMOVE_SUFFIX = ".remove"


def used_sections(model: PackageModel) -> set[str]:
    """The lower-case names of the sections Windows can reach: the sections it finds by name,
    the Models sections, the install sections they name with their decorations and families,
    and every section a directive of a reached section names, followed through."""
    return cached_answer(model, "used_sections", _used_sections)


def _used_sections(model: PackageModel) -> set[str]:
    index = model.index
    document = model.document
    install_names = {_install_of(name) for name, _ in index.models_entries_by_install}
    install_names |= {_install_of(key) for key in index.install_sections}
    # Section keys are lower case, and so is every name reached below: membership in ``all_keys``
    # is the document's has_section without a call per name. The sections reached do not depend on
    # the order they are reached in, so the keys are taken once each, in any order.
    all_keys = set(document.section_keys())
    # A [<section>.Security] is reached with its section: only these keys are looked at for it.
    # (The substring test first: it rejects most keys for less than the endswith call costs.)
    security_keys = [key for key in all_keys if _SECURITY_SUFFIX in key and key.endswith(_SECURITY_SUFFIX)]
    roots = model.sections_by_root
    used = {section.key for root in _NAMED_ROOTS.intersection(roots) for section in roots[root]}
    used |= {key for key in all_keys if _install_of(key) in install_names}
    named = [models.name.strip().lower() for models in index.models_sections]
    for entry in document.entries_in("manufacturer"):
        # The undecorated Models section is what systems without decorations read (often left
        # empty on purpose to keep them from installing the package).
        models_name = entry.value(0)
        if models_name is not None:
            named.append(models_name.resolved.strip().lower())
    for entry in document.entries_in("destinationdirs"):
        if entry.key_lower is not None:
            named.append(entry.key_lower.strip())
    used |= all_keys.intersection(named)
    pending = list(used)

    references_by_section: dict[str, list[str]] = {}
    for reference in index.references:
        holder = reference.entry.section
        if holder is not None:
            references_by_section.setdefault(holder.key, []).append(reference.target.lower())
    # Follow the references infcheck knows; then, only while some section is still unreached,
    # look for it among the values of the directives it does not know (AddComServer, AddTrigger,
    # WmiInterface...) and of [InterfaceInstall32]: any such value that names a section reaches it.
    scanned: set[str] = set()
    while True:
        while pending:
            for target in references_by_section.get(pending.pop(), ()):
                if target not in used and target in all_keys:
                    used.add(target)
                    pending.append(target)
        unreached = all_keys - used
        if unreached:
            unreached -= _security_of_used(security_keys, used)
        if not unreached:
            break
        # A value names an unreached section only if the section's text holds that name, unless a
        # token or a continuation (a backslash ending a line) changes the text a value reads; a
        # name holding a quote could be written with its quote doubled, and lowering a text other
        # than ASCII may not lower each of its parts alike (a final sigma).
        text = document.text
        names = [name for name in unreached if '"' not in name]
        always_read = len(names) < len(unreached)
        for key in [key for key in used if key not in scanned]:
            scanned.add(key)
            if key.split(".", 1)[0] in DATA_SECTIONS:
                continue
            for section in document.sections_named(key):
                if not section.entries:
                    continue
                if not always_read:
                    written = text[section.entries[0].start : section.entries[-1].end]
                    if written.isascii() and "%" not in written and _CONTINUATION.search(written) is None:
                        lowered = written.lower()
                        if not any(name in lowered for name in names):
                            continue
                for entry in section.entries:
                    if entry.key is None:
                        continue
                    for value in entry.values:
                        target = value.resolved.strip().lower()
                        if target in unreached and target not in used:
                            used.add(target)
                            pending.append(target)
        if not pending:
            break
    used |= _security_of_used(security_keys, used)
    return used


def _security_of_used(security_keys: list[str], used: set[str]) -> set[str]:
    """The ``.security`` keys among ``security_keys`` whose section is in ``used``."""
    return {key for key in security_keys if key[: -len(_SECURITY_SUFFIX)] in used}


@lru_cache(maxsize=4096)
def _install_of(key: str) -> str:
    """The install section a section belongs to, without family suffix or ``.NT...`` decoration
    (as :func:`infcheck.package_model.install_name` reads it), also for the removal family of a
    network component ([Install.NT.Remove.Services])."""
    base = family_base(key)
    if base.endswith(_REMOVE_SUFFIX):
        base = family_base(base[: -len(_REMOVE_SUFFIX)])
    decoration = _NT_DECORATION.search(base)
    return base[: decoration.start()] if decoration is not None else base


def device_install_sections(model: PackageModel) -> set[str]:
    """The lower-case names of the install sections a Models entry selects for some architecture,
    with the sibling sections of each (``.Services``, ``.HW``, ``.CoInstallers``...)."""
    return cached_answer(model, "device_install_sections", _device_install_sections)


def _device_install_sections(model: PackageModel) -> set[str]:
    # The sections the model already knows the architectures of are exactly these.
    return set(model.target_architectures)


class ServiceRegistryWrite(NamedTuple):
    """An add-registry line a service-install section applies; its HKR is the service's key."""

    service_section: Section
    directive: Entry
    operation: RegistryOperation


def service_registry_writes(model: PackageModel) -> list[ServiceRegistryWrite]:
    """Every line of every add-registry section named by the AddReg of a service-install section
    (one an AddService names), once per service-install section, in file order of the lines."""
    return cached_answer(model, "service_registry_writes", _service_registry_writes)


def _service_registry_writes(model: PackageModel) -> list[ServiceRegistryWrite]:
    lines_by_section = model.add_registry_lines
    found = []
    for install in service_installs(model.index):
        for entry in model.directives_in(install.name, "addreg"):
            section = entry.section
            if section is None:
                continue
            for value in entry.values:
                for operation in lines_by_section.get(value.resolved.strip().lower(), []):
                    found.append(ServiceRegistryWrite(section, entry, operation))
    return sorted(found, key=lambda write: write.operation.entry.start)
