"""The declarative network driver INF format (Class = NetDriver), as far as InfVerif's messages show it.

Microsoft has not documented the format's sections and directives; what the IV24xx and IV2501
rules check is read from InfVerif's own messages (the table in docs/infverif.md) and from the
documented settings of legacy network INFs, each rule saying which part is that reading.
"""

from __future__ import annotations

from typing import NamedTuple

from infcheck.document import Entry
from infcheck.index import Index
from infcheck.package_model import PackageModel, cached_answer, package_model

NET_DRIVER_CLASS = "netdriver"
# The directives that add a network component: "<component id>,<component section>" (InfVerif 2400, 2420).
COMPONENT_DIRECTIVES = ("addnetfilter", "addnetprotocol")


def is_net_driver(index: Index) -> bool:
    """Whether [Version] names the NetDriver setup class."""
    return cached_answer(package_model(index), "is_net_driver", _is_net_driver)


def _is_net_driver(model: PackageModel) -> bool:
    name = model.index.version.text("class")
    return name is not None and name.lower() == NET_DRIVER_CLASS


def component_entries(index: Index) -> list[Entry]:
    """Every AddNetFilter and AddNetProtocol line of a NetDriver INF, in file order."""
    if not is_net_driver(index):
        return []
    return cached_answer(package_model(index), "net_component_entries", _component_entries)


def _component_entries(model: PackageModel) -> list[Entry]:
    found = [entry for name in COMPONENT_DIRECTIVES for entry in model.directive(name)]
    return sorted(found, key=lambda entry: entry.span)


class ComponentSection(NamedTuple):
    """A network component's section: the AddNetFilter or AddNetProtocol line naming it, and its name."""

    directive: Entry
    name: str

    @property
    def is_filter(self) -> bool:
        return self.directive.key_lower == "addnetfilter"


def component_sections(index: Index) -> list[ComponentSection]:
    """The section each AddNetFilter and AddNetProtocol line names in its second field, in file order.

    The keys read from these sections (FilterClass, FilterType, UpperRange, LowerRange,
    FilterMediaTypes, NetCfgInstanceId, Service) are the values Microsoft documents for the
    Ndi key of a network filter or protocol INF; that a declarative component section
    carries them under the same names is infcheck's reading, the format being undocumented.
    """
    found = []
    for entry in component_entries(index):
        value = entry.value(1)
        if value is None or value.is_empty:
            continue  # IV2400 reports the missing field
        found.append(ComponentSection(entry, value.resolved.strip()))
    return found


def component_keys(index: Index, component: ComponentSection, key: str) -> list[Entry]:
    """The lines of ``key`` (any case) in the component's section, in file order."""
    return package_model(index).directives_in(component.name, key)
