"""What IV1257 and IV1258 share: the DIRID tokens written into the string data of AddReg lines.

A DIRID in registry data is expanded once, when the INF is processed, into a path with a drive
letter; ``%SystemRoot%`` in a REG_EXPAND_SZ value is expanded each time the value is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from infcheck.document import Span
from infcheck.index import Index
from infcheck.package_facts import FLG_ADDREG_TYPE_EXPAND_SZ, FLG_ADDREG_TYPE_MULTI_SZ, REG_TYPE_MASK
from infcheck.package_model import PackageModel, RegistryOperation, cached_answer, package_model

# A %dirid% token that is not half of a literal %% escape.
_DIRID_TOKEN = re.compile(r"(?<!%)%(\d+)%(?!%)")
_STRING_TYPES = frozenset({0, FLG_ADDREG_TYPE_EXPAND_SZ, FLG_ADDREG_TYPE_MULTI_SZ})


class DiridInRegistry(NamedTuple):
    dirid: int
    span: Span  # the %dirid% token


def dirids_in_registry_data(index: Index) -> Iterator[DiridInRegistry]:
    """Every %dirid% token in the data of a string-typed AddReg line, each add-registry section once
    (found once per package model for the rules that ask)."""
    if not index.directive("addreg"):
        return iter(())
    return iter(cached_answer(package_model(index), "dirids_in_registry_data", _dirids_in_registry_data))


def _dirids_in_registry_data(model: PackageModel) -> list[DiridInRegistry]:
    found = []
    for operation in model.registry_operations:
        if operation.directive != "addreg" or not _is_string_typed(operation):
            continue
        for value in operation.values:
            raw = value.raw
            if "%" not in raw:
                continue
            for match in _DIRID_TOKEN.finditer(raw):
                found.append(DiridInRegistry(int(match.group(1)), value.span_of(match.start(), len(match.group(0)))))
    return found


def _is_string_typed(operation: RegistryOperation) -> bool:
    """REG_SZ, REG_EXPAND_SZ or REG_MULTI_SZ; empty flags mean REG_SZ, unreadable ones an unknown type."""
    if operation.flags is None:
        flags = operation.entry.value(3)
        return flags is None or not flags.resolved.strip()
    return operation.flags & REG_TYPE_MASK in _STRING_TYPES
