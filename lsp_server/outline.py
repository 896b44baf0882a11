"""The outline of a document (sections, with the Models entries under their section) and its folding ranges.

Offsets are character offsets; lines in folding ranges are 0-based, as LSP wants them.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from infcheck.document import Document, Section
from infcheck.index import Index
from lsp_server.locate import name_bounds
from lsp_server.positions import code_units

# LSP's SymbolKind numbers for the two kinds of outline item.
SYMBOL_KINDS = {"section": 3, "device": 14}  # Namespace, Constant


class Symbol(NamedTuple):
    """One outline item: what to call it, its kind, where it is and what it holds."""

    name: str
    detail: str
    kind: str  # "section" or "device"
    start: int
    end: int
    name_start: int
    name_end: int
    children: list[Symbol]


def section_end(section: Section) -> int:
    """Where a section's last written text ends (its header, when it has no entries)."""
    if section.entries:
        last = section.entries[-1]
        return last.start + len(last.text)
    return section.end


def outline(document: Document, index: Index) -> list[Symbol]:
    """Every section in file order, the Models sections with their devices.

    The keys of [Strings] are left out: a large INF has thousands, which
    would bury the sections, and go to definition finds them.
    """
    by_section: dict[int, list[Symbol]] = {}
    for models_entry in index.models_entries:
        entry = models_entry.entry
        description = entry.key or ""
        resolved = document.strings.substitute(description) if "%" in description else description
        ids = ", ".join(device_id.hardware_id.text for device_id in models_entry.ids)
        install = models_entry.install_name or ""
        key_start, key_end = entry.key_bounds or (entry.start, entry.start + len(entry.text))
        name = resolved.strip()
        if not name:  # an entry without a description is named by its first value (values split on demand)
            values = entry.values
            name = values[0].raw if values else entry.text
        by_section.setdefault(id(entry.section), []).append(
            Symbol(
                name,
                f"{install}: {ids}" if install else ids,
                "device",
                entry.start,
                entry.start + len(entry.text),
                key_start,
                key_end,
                [],
            )
        )
    symbols = []
    for section in document.sections:
        children = by_section.get(id(section), [])
        name_start, name_end = name_bounds(section)
        symbols.append(
            Symbol(
                section.name or "(unnamed)",
                "",
                "section",
                section.start,
                max(section_end(section), section.end),
                name_start,
                name_end,
                children,
            )
        )
    return symbols


def symbols_json(symbols: list[Symbol], text: str, starts: Sequence[int], encoding: str) -> str:
    """The ``DocumentSymbol[]`` answer for ``symbols``, as JSON text.

    Written directly rather than through the protocol's typed objects: an outline
    of a large INF has thousands of symbols, and building and converting an object
    for each of them, and each of their ranges and positions, took seconds.
    """
    length = len(text)
    ascii_text = text.isascii()  # then every character is one code unit in every encoding

    def position(offset: int) -> str:
        offset = min(max(offset, 0), length)
        line = bisect_right(starts, offset) - 1
        start = starts[line]
        character = offset - start
        if character and not ascii_text:
            character = code_units(text[start:offset], encoding)
        return f'{{"line":{line},"character":{character}}}'

    dumps = json.dumps

    def write(symbol: Symbol, out: list[str]) -> None:
        end = max(symbol.start, symbol.end)
        name_end = max(symbol.name_start, symbol.name_end)
        out.append(f'{{"name":{dumps(symbol.name)},"kind":{SYMBOL_KINDS[symbol.kind]}')
        if symbol.detail:
            out.append(f',"detail":{dumps(symbol.detail)}')
        out.append(f',"range":{{"start":{position(symbol.start)},"end":{position(end)}}}')
        out.append(f',"selectionRange":{{"start":{position(symbol.name_start)},"end":{position(name_end)}}}')
        if symbol.children:
            out.append(',"children":[')
            for number, child in enumerate(symbol.children):
                if number:
                    out.append(",")
                write(child, out)
            out.append("]")
        out.append("}")

    out = ["["]
    for number, symbol in enumerate(symbols):
        if number:
            out.append(",")
        write(symbol, out)
    out.append("]")
    return "".join(out)


class Fold(NamedTuple):
    start_line: int  # 0-based
    end_line: int
    kind: str  # "region" or "comment"


def folding_ranges(document: Document, line_of) -> list[Fold]:
    """A fold for each section spanning more than its header, and for each entry continued over several lines.

    ``line_of(offset)`` gives the 0-based line of an offset.
    """
    folds = []
    for section in document.sections:
        first = line_of(section.start)
        last = line_of(section_end(section))
        if last > first:
            folds.append(Fold(first, last, "region"))
    for entry in document.entries:
        end = entry.start + len(entry.text)
        first, last = line_of(entry.start), line_of(end)
        if last > first:
            folds.append(Fold(first, last, "region"))
    folds += _comment_blocks(document.text, document.line_starts)
    folds.sort()
    return folds


def _comment_blocks(text: str, starts: Sequence[int]) -> list[Fold]:
    """Runs of three or more lines that hold only a comment."""
    folds = []
    run_start = None
    for number in range(len(starts) + 1):
        is_comment = False
        if number < len(starts):
            start = starts[number]
            end = starts[number + 1] if number + 1 < len(starts) else len(text)
            is_comment = text[start:end].lstrip(" \t").startswith(";")
        if is_comment:
            if run_start is None:
                run_start = number
        elif run_start is not None:
            if number - 1 - run_start >= 2:
                folds.append(Fold(run_start, number - 1, "comment"))
            run_start = None
    return folds
