"""Questions several IV rules ask of the package model."""

from __future__ import annotations

from infcheck.document import Value
from infcheck.index import Index
from infcheck.package_model import package_model


def service_binaries(index: Index) -> list[Value]:
    """The ServiceBinary value of each service-install section an AddService names, each section once."""
    model = package_model(index)
    found = []
    seen: set[str] = set()
    for service in model.add_services:
        name = service.install_section
        if name is None or name.lower() in seen:
            continue
        seen.add(name.lower())
        install = model.service_install(name)
        entry = install.keys.get("servicebinary") if install is not None else None
        value = entry.value(0) if entry is not None else None
        if value is not None and not value.is_empty:
            found.append(value)
    return found
