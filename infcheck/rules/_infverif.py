"""Questions several IV rules ask of the package model."""

from __future__ import annotations

from infcheck.document import Entry, Value
from infcheck.index import Index
from infcheck.package_facts import service_installs
from infcheck.package_model import PackageModel, cached_answer, package_model


def service_binaries(index: Index) -> list[Value]:
    """The ServiceBinary value of each service-install section an AddService names, each section once."""
    return cached_answer(package_model(index), "service_binaries", _service_binaries)


def _service_binaries(model: PackageModel) -> list[Value]:
    found = []
    for install in service_installs(model.index):
        entry = install.keys.get("servicebinary")
        value = entry.value(0) if entry is not None else None
        if value is not None and not value.is_empty:
            found.append(value)
    return found


def is_removal_section(section_key: str) -> bool:
    """A section Windows runs only when the package is removed: ``[DefaultUninstall...]`` (read only
    by systems older than primitive drivers) or a network component's ``[*.Remove...]`` section."""
    return section_key.startswith("defaultuninstall") or ".remove" in section_key


def legacy_directives(index: Index, names: tuple[str, ...]) -> list[Entry]:
    """The entries of the directives ``names`` (lower case) in the sections that install, in file order."""
    model = package_model(index)
    found = [
        entry
        for name in names
        for entry in model.directive(name)
        if entry.section is not None and not is_removal_section(entry.section.key)
    ]
    return sorted(found, key=lambda entry: entry.start)
