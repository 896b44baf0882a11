"""An INF's package facts as JSON data and back, so the result cache can keep them with its findings.

The cache folder lies in the project, where anyone who can write to the repository can put a
file; so the facts are stored as plain data (never pickled), and reading them back builds only
the records of :mod:`infcheck.inf_facts`, each checked for its shape: anything else is
:class:`ValueError`, and the cache then checks the file afresh.
"""

from __future__ import annotations

import datetime
from typing import Any

from infcheck.document import Span
from infcheck.driverver import DriverVer
from infcheck.inf_facts import CopiedFile, FirmwareVersionFact, InfFacts, ListedFile, OfferedId, ServiceBinary
from infcheck.suppress import ALL, Suppressions


def facts_data(facts: InfFacts | None) -> Any:
    """``facts`` as lists, strings and numbers (``None`` stays ``None``)."""
    if facts is None:
        return None
    driver_ver = facts.driver_ver
    return {
        "path": facts.path,
        "driver_ver": None if driver_ver is None else [driver_ver.date.isoformat(), list(driver_ver.version)],
        "driver_ver_span": list(facts.driver_ver_span),
        "catalog_files": [[name, list(span)] for name, span in facts.catalog_files],
        "is_extension": facts.is_extension,
        "extension_id": facts.extension_id,
        "extension_id_span": list(facts.extension_id_span),
        "copies": [[*copied[:4], list(copied.span), list(copied.listed_span), *copied[6:]] for copied in facts.copies],
        "listed_files": [[listed.name, listed.architecture, list(listed.span)] for listed in facts.listed_files],
        "services": [[*service[:3], list(service.span), list(service.architectures)] for service in facts.services],
        "offered_ids": [
            [*offered[:3], offered.architecture, list(offered.target), *offered[5:8], list(offered.span)]
            for offered in facts.offered_ids
        ],
        "is_stampinf_source": facts.is_stampinf_source,
        "suppressions": {
            "file": _codes_data(facts.suppressions.file_codes),
            "lines": [[line, _codes_data(codes)] for line, codes in sorted(facts.suppressions.line_codes.items())],
        },
        "firmware_versions": [[fact.resource, fact.number, list(fact.span)] for fact in facts.firmware_versions],
    }


def facts_from_data(data: Any) -> InfFacts | None:
    """The facts :func:`facts_data` wrote; :class:`ValueError` for anything it could not have written."""
    if data is None:
        return None
    try:
        driver_ver = data["driver_ver"]
        return InfFacts(
            path=_text(data["path"]),
            driver_ver=None
            if driver_ver is None
            else DriverVer(datetime.date.fromisoformat(_text(driver_ver[0])), _numbers(driver_ver[1], 4)),
            driver_ver_span=_span(data["driver_ver_span"]),
            catalog_files=tuple((_text(name), _span(span)) for name, span in data["catalog_files"]),
            is_extension=_flag(data["is_extension"]),
            extension_id=_optional_text(data["extension_id"]),
            extension_id_span=_span(data["extension_id_span"]),
            copies=tuple(
                CopiedFile(
                    _text(name),
                    _text(destination),
                    _optional_text(architecture),
                    _text(relative),
                    _span(span),
                    _span(listed_span),
                    _text(listed_section),
                    _flag(specific),
                )
                for name, destination, architecture, relative, span, listed_span, listed_section, specific in data[
                    "copies"
                ]
            ),
            listed_files=tuple(
                ListedFile(_text(name), _optional_text(architecture), _span(span))
                for name, architecture, span in data["listed_files"]
            ),
            services=tuple(
                ServiceBinary(
                    _text(name),
                    _text(binary),
                    None if service_type is None else _number(service_type),
                    _span(span),
                    tuple(_text(architecture) for architecture in architectures),
                )
                for name, binary, service_type, span, architectures in data["services"]
            ),
            offered_ids=tuple(
                OfferedId(
                    _text(text),
                    _flag(compatible),
                    _number(position),
                    _text(architecture),
                    _numbers(target, 4),
                    _text(target_text),
                    _text(install_section),
                    _number(feature_score),
                    _span(span),
                )
                for text, compatible, position, architecture, target, target_text, install_section, feature_score, span in data[
                    "offered_ids"
                ]
            ),
            is_stampinf_source=_flag(data["is_stampinf_source"]),
            suppressions=_suppressions(data["suppressions"]),
            firmware_versions=tuple(
                FirmwareVersionFact(_text(resource), _number(number), _span(span))
                for resource, number, span in data["firmware_versions"]
            ),
        )
    except (KeyError, IndexError, TypeError) as error:
        raise ValueError(f"not the package facts of an INF: {error}") from error


def _codes_data(codes: frozenset[str]) -> Any:
    return sorted(codes)


def _codes(data: Any) -> frozenset[str]:
    codes = frozenset(_text(code) for code in data)
    return ALL if codes == ALL else codes  # suppress.py tells "every code" apart by identity


def _suppressions(data: Any) -> Suppressions:
    suppressions = Suppressions()
    suppressions.file_codes = _codes(data["file"])
    suppressions.line_codes = {_number(line): _codes(codes) for line, codes in data["lines"]}
    return suppressions


def _span(data: Any) -> Span:
    line, column, end_line, end_column = _numbers(data, 4)
    return Span(line, column, end_line, end_column)


def _numbers(data: Any, count: int) -> Any:
    if not isinstance(data, list) or len(data) != count:
        raise ValueError(f"expected {count} numbers")
    return tuple(_number(item) for item in data)


def _number(data: Any) -> int:
    if type(data) is not int:
        raise ValueError("expected a whole number")
    return data


def _text(data: Any) -> str:
    if not isinstance(data, str):
        raise ValueError("expected text")
    return data


def _optional_text(data: Any) -> str | None:
    return None if data is None else _text(data)


def _flag(data: Any) -> bool:
    if not isinstance(data, bool):
        raise ValueError("expected true or false")
    return data
