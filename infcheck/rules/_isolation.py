"""Questions the driver-isolation rules (IV1304, IV1320-IV1323, IV1340, IV1341, IV2660) ask."""

from __future__ import annotations

from typing import NamedTuple

from infcheck.document import Span
from infcheck.index import Index
from infcheck.infverif_table import WHQL_DIRIDS, WHQL_REGISTRY_ROOTS
from infcheck.package_model import FileCopy, PackageModel, RegistryOperation, cached_answer, package_model
from infcheck.rules._infverif import is_removal_section

# Universal INFs may still register COM classes and Media Foundation transforms outside HKR
# (learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file).
_UNIVERSAL_KEYS = ("software\\classes", "software\\microsoft\\windows media foundation")


def global_registry_writes(index: Index) -> list[RegistryOperation]:
    """The add-registry lines with a root other than HKR, each line once, in directive order;
    lines that only removal sections apply are left out."""
    return cached_answer(package_model(index), "global_registry_writes", _global_registry_writes)


def _global_registry_writes(model: PackageModel) -> list[RegistryOperation]:
    index = model.index
    applied_by: dict[str, list[str]] = {}
    for entry in index.directive("addreg"):
        if entry.section is not None:
            for value in entry.values:
                applied_by.setdefault(value.resolved.strip().lower(), []).append(entry.section.key)
    found = []
    for operation in model.registry_operations:
        if operation.directive != "addreg" or operation.root in ("", "HKR"):
            continue
        holders = applied_by.get(operation.section.lower(), [])
        if holders and all(is_removal_section(key) for key in holders):
            continue
        found.append(operation)
    return found


def universal_allows(operation: RegistryOperation) -> bool:
    """Whether a universal INF may write this global key: COM classes (HKCR and its HKLM form)
    and Media Foundation transforms."""
    if operation.root == "HKCR":
        return True
    subkey = operation.subkey.strip("\\").lower()
    return operation.root == "HKLM" and any(subkey == key or subkey.startswith(key + "\\") for key in _UNIVERSAL_KEYS)


def whql_allows_root(root: str, profile: str | None) -> bool:
    """Whether the WHQL profile (/h) still lets the package write below ``root``."""
    return profile == "whql" and root in WHQL_REGISTRY_ROOTS


def key_path(operation: RegistryOperation) -> str:
    subkey = operation.subkey.strip("\\")
    return f"{operation.root}\\{subkey}" if subkey else operation.root


def root_span(operation: RegistryOperation) -> Span:
    root = operation.entry.value(0)
    return root.span if root is not None else operation.entry.span


class IsolatedCopy(NamedTuple):
    """A copied file whose destination DIRID is known."""

    copy: FileCopy
    dirid: int
    subdirectory: str


def copies_outside_driver_store(index: Index, profile: str | None) -> list[IsolatedCopy]:
    """The copied files whose destination is not DIRID 13 (the driver store) and, under the WHQL
    profile, not one of the DIRIDs /h still allows; copies from removal sections are left out."""
    model = package_model(index)
    found = []
    for copy in model.file_copies:
        if is_removal_section(copy.install_section.key):
            continue
        destination = model.destination_for(copy.list_section)
        if destination is None or destination.dirid is None or destination.dirid == 13:
            continue
        if profile == "whql" and destination.dirid in WHQL_DIRIDS:
            continue
        found.append(IsolatedCopy(copy, destination.dirid, destination.subdirectory))
    return found
