"""More questions about the driver package, asked of :mod:`infcheck.package_model`.

Kept apart from the model itself so that each stays small: these are answers a few
IV rules share (the kind of INF, the service-install values, the sections a directive
field names), built from the model's records and cached per model where they walk the file.

Sources: learn.microsoft.com/windows-hardware/drivers/install/ using-an-extension-inf-file,
inf-addservice-directive, inf-addreg-directive, inf-addsoftware-directive.
"""

from __future__ import annotations

from typing import NamedTuple

from infcheck.document import Entry, Section, Value
from infcheck.guids import normalize_guid
from infcheck.index import Index
from infcheck.package_model import PackageModel, ServiceInstall, cached_answer, package_model, parse_number

# The Extension setup class (using-an-extension-inf-file).
EXTENSION_CLASS = "extension"
EXTENSION_CLASS_GUID = "e2f84ce7-8efa-411c-aa69-97454ca4cb57"

# ServiceType values (inf-addservice-directive).
SERVICE_WIN32_OWN_PROCESS = 0x10
SERVICE_WIN32_SHARE_PROCESS = 0x20
# StartType values.
SERVICE_BOOT_START = 0
SERVICE_SYSTEM_START = 1
SERVICE_DISABLED = 4

# AddReg value types (inf-addreg-directive): the type is the flags masked with 0xFFFF0001.
REG_TYPE_MASK = 0xFFFF0001
FLG_ADDREG_BINVALUETYPE = 0x00000001
FLG_ADDREG_TYPE_BINARY = 0x00000001
FLG_ADDREG_TYPE_DWORD = 0x00010001
FLG_ADDREG_TYPE_QWORD = 0x000B0001
FLG_ADDREG_TYPE_MULTI_SZ = 0x00010000
FLG_ADDREG_TYPE_EXPAND_SZ = 0x00020000
FLG_ADDREG_TYPE_NONE = 0x00020001


# Directives some IV rules read that the index does not group (it groups the section-naming ones).
RARE_DIRECTIVES = frozenset({"threadingmodel", "wmiinterface", "umdfserviceorder"})
_RARE_INITIALS = frozenset(name[0] for name in RARE_DIRECTIVES) | frozenset(name[0].upper() for name in RARE_DIRECTIVES)


def rare_directive(index: Index, name: str) -> list[Entry]:
    """The entries of ``name`` (one of :data:`RARE_DIRECTIVES`) outside [Strings], in file order,
    found in one pass over the file however many rules ask."""
    found: dict[str, list[Entry]] = cached_answer(package_model(index), "rare_directives", _rare_directives)
    return found.get(name, [])


def _rare_directives(model: PackageModel) -> dict[str, list[Entry]]:
    text = model.document.text
    found: dict[str, list[Entry]] = {}
    for section in model.document.sections:
        if section.is_strings:
            continue
        for entry in section.entries:
            start = entry.start
            if text[start] not in _RARE_INITIALS:
                continue
            equals = text.find("=", start, entry.end)
            name = text[start:equals].rstrip(" \t").lower() if equals >= 0 else ""
            if name in RARE_DIRECTIVES:
                found.setdefault(name, []).append(entry)
    return found


def is_extension_inf(index: Index) -> bool:
    """Whether [Version] makes this an extension INF: Class = Extension or the Extension class GUID."""
    return cached_answer(package_model(index), "is_extension_inf", _is_extension_inf)


def _is_extension_inf(model: PackageModel) -> bool:
    version = model.index.version
    name = (version.text("class") or "").strip('"').lower()
    guid = normalize_guid((version.text("classguid") or "").strip('"'))
    return name == EXTENSION_CLASS or guid == EXTENSION_CLASS_GUID


def service_number(install: ServiceInstall, key: str) -> tuple[Value | None, int | None]:
    """A service-install key's first value and the number it holds (``None`` when it holds none)."""
    entry = install.keys.get(key.lower())
    value = entry.value(0) if entry is not None else None
    if value is None or value.is_empty:
        return value, None
    return value, parse_number(value.resolved.strip().strip('"'))


class NamedSection(NamedTuple):
    """A section a directive field names, with the value naming it."""

    value: Value
    name: str
    sections: list[Section]


def sections_named_by(model: PackageModel, directive: str, position: int) -> list[NamedSection]:
    """Each distinct section that field ``position`` (0-based) of ``directive`` names and the INF
    defines, with the first value naming it, in file order."""
    return cached_answer(model, f"sections_named_by:{directive}:{position}", _Named(directive, position))


class _Named:
    def __init__(self, directive: str, position: int):
        self.directive, self.position = directive, position

    def __call__(self, model: PackageModel) -> list[NamedSection]:
        found = []
        seen: set[str] = set()
        for entry in model.index.directive(self.directive):
            value = entry.value(self.position)
            name = value.resolved.strip() if value is not None else ""
            if value is None or not name or name.lower() in seen:
                continue
            seen.add(name.lower())
            sections = model.document.sections_named(name)
            if sections:
                found.append(NamedSection(value, name, sections))
        return found


def first_keys(sections: list[Section]) -> dict[str, Entry]:
    """The first entry for each key (lower case) across ``sections``."""
    keys: dict[str, Entry] = {}
    for section in sections:
        for entry in section.entries:
            key = entry.key_lower
            if key is not None:
                keys.setdefault(key, entry)
    return keys


def service_installs(index: Index) -> list[ServiceInstall]:
    """Each service-install section an AddService names and the INF defines, once, in directive order."""
    return cached_answer(package_model(index), "service_installs", _service_installs)


def _service_installs(model: PackageModel) -> list[ServiceInstall]:
    found = []
    seen: set[str] = set()
    for service in model.add_services:
        name = service.install_section
        if name is None or name.lower() in seen:
            continue
        seen.add(name.lower())
        install = model.service_install(name)
        if install is not None:
            found.append(install)
    return found
