"""The outline of a document (sections, with the Models entries under their section) and its folding ranges.

Offsets are character offsets; lines in folding ranges are 0-based, as LSP wants them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import NamedTuple

from infcheck.document import Document, Section
from infcheck.index import Index
from lsp_server.locate import name_bounds
from lsp_server.positions import code_units


class OutlineAbandoned(Exception):
    """The outline was left unfinished because work that matters more was waiting."""


# LSP's SymbolKind numbers for the two kinds of outline item.
SYMBOL_KINDS = {"section": 3, "device": 14}  # Namespace, Constant


def section_end(section: Section) -> int:
    """Where a section's last written text ends (its header, when it has no entries)."""
    if section.entries:
        last = section.entries[-1]
        return last.start + len(last.text)
    return section.end


def symbols_json(
    document: Document,
    index: Index,
    text: str,
    starts: Sequence[int],
    encoding: str,
    abandoned: Callable[[], bool] = lambda: False,
) -> str:
    """The ``DocumentSymbol[]`` answer of the outline, as JSON text: every section in file
    order, the Models sections with their devices as children.

    The keys of [Strings] are left out: a large INF has thousands, which would bury
    the sections, and go to definition finds them. The answer is written directly
    rather than through the protocol's typed objects, and in one pass over the
    index: an outline of a large INF has thousands of devices, and building an object
    for each of them and each of their positions took longer than the check.
    ``abandoned()`` is asked now and then; once it says so, :class:`OutlineAbandoned` is raised.
    """
    length = len(text)
    quote = encode_basestring_ascii  # what json.dumps writes for a string

    def position(offset: int) -> str:
        offset = min(max(offset, 0), length)
        line = bisect_right(starts, offset) - 1
        start = starts[line]
        return f'{{"line":{line},"character":{code_units(text[start:offset], encoding)}}}'

    devices: dict[int, list[str]] = {}
    substitute = document.strings.substitute
    # The same device is usually listed once per platform, in lines written alike: what their
    # symbols share (name, kind, detail, where the key is) is worked out once, keyed on the entry's text.
    shared: dict[str, tuple[str, int, int, bool]] = {}
    device_kind = SYMBOL_KINDS["device"]
    for number, models_entry in enumerate(index.models_entries):
        if not number % 256 and abandoned():
            raise OutlineAbandoned
        entry = models_entry.entry
        start = entry.start
        written = text[start : entry.end].rstrip(" \t\r\n")
        end = start + len(written)
        known = shared.get(written)
        if known is None:
            description = entry.key or ""
            name = (substitute(description) if "%" in description else description).strip()
            if not name:  # an entry without a description is named by its first value (values split on demand)
                values = entry.values
                name = values[0].raw if values else written
            ids = ", ".join([device_id.hardware_id.text for device_id in models_entry.ids])
            install = models_entry.install_name
            detail = f"{install}: {ids}" if install else ids
            detail_json = f',"detail":{quote(detail)}' if detail else ""
            head = f'{{"name":{quote(name)},"kind":{device_kind}{detail_json},'
            key_bounds = entry.key_bounds
            key_start, key_end = key_bounds if key_bounds is not None else (start, end)
            one_ascii_line = written.isascii() and "\r" not in written and "\n" not in written
            known = shared[written] = (head, key_start - start, max(key_start, key_end) - start, one_ascii_line)
        head, key_from, key_to, one_ascii_line = known
        # A device is nearly always one line: its four positions then share the line's number and start.
        line = bisect_right(starts, start) - 1
        line_start = starts[line]
        if one_ascii_line and (line_start == start or text[line_start:start].isascii()):
            at = start - line_start
            where = (
                f'"range":{{"start":{{"line":{line},"character":{at}}},'
                f'"end":{{"line":{line},"character":{at + len(written)}}}}},'
                f'"selectionRange":{{"start":{{"line":{line},"character":{at + key_from}}},'
                f'"end":{{"line":{line},"character":{at + key_to}}}}}'
            )
        else:
            where = (
                f'"range":{{"start":{position(start)},"end":{position(end)}}},'
                f'"selectionRange":{{"start":{position(start + key_from)},"end":{position(start + key_to)}}}'
            )
        devices.setdefault(id(entry.section), []).append(f"{head}{where}}}")

    out = []
    for section in document.sections:
        name_start, name_end = name_bounds(section)
        end = max(section.start, section_end(section), section.end)
        children = devices.get(id(section))
        out.append(
            f'{{"name":{quote(section.name or "(unnamed)")},"kind":{SYMBOL_KINDS["section"]},'
            f'"range":{{"start":{position(section.start)},"end":{position(end)}}},'
            f'"selectionRange":{{"start":{position(name_start)},"end":{position(max(name_start, name_end))}}}'
            + (f',"children":[{",".join(children)}]}}' if children else "}")
        )
    return f"[{','.join(out)}]"


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
