"""What the rules about included inbox INF files (IV1202, IV1220, IV2008) and INF301 share."""

from __future__ import annotations

from infcheck.document import Value
from infcheck.index import Index
from infcheck.knowledge.inbox_infs import inbox_files_defining


def include_values(index: Index) -> list[Value]:
    """Every non-empty value of an Include directive, in file order."""
    return [value for entry in index.directive("include") for value in entry.values if value.resolved.strip()]


def included_file_name(value: Value) -> str:
    """The file an Include value names, as written (quotes and blanks around it removed)."""
    return value.resolved.strip().strip('"').strip()


def included_files(index: Index) -> frozenset[str]:
    """The files the Include directives of the whole INF name, lower case."""
    if not index.has_include:
        return frozenset()
    return frozenset(included_file_name(value).lower() for value in include_values(index))


def inbox_file_defining(section_name: str, included: frozenset[str]) -> str | None:
    """The INF among ``included`` that the inbox tables know to define ``section_name``, if any."""
    return next((file for file in inbox_files_defining(section_name) if file in included), None)
