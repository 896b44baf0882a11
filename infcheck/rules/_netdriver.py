"""The declarative network driver INF format (Class = NetDriver), as far as InfVerif's messages show it.

Microsoft has not documented the format's sections and directives; what IV2400, IV2405,
IV2412, IV2415 and IV2420 check is read from InfVerif's own messages (the table in
docs/infverif.md), each rule saying which part is that reading.
"""

from __future__ import annotations

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
