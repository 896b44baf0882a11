"""Code actions: a diagnostic's own fix, silencing its code on the line, and defining a missing string token.

Fixes are the ones rules attach (:class:`infcheck.diagnostics.Fix`), applied
as ``infcheck check --fix`` applies them (:mod:`infcheck.fixes`): a line break
in a fix is written with the file's own newline, and "fix all" takes safe
fixes only, leaving out whole any fix that overlaps one taken before it.
Edits are ``(start, end, new_text)`` in character offsets.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from infcheck.diagnostics import Diagnostic
from infcheck.document import Document
from lsp_server.outline import section_end
from lsp_server.positions import LineMap

QUICK_FIX = "quickfix"
FIX_ALL = "source.fixAll.infcheck"

_CODE_LIST = re.compile(r"[A-Za-z]{3,4}[0-9]{0,3}(?:[ \t]*,[ \t]*[A-Za-z]{3,4}[0-9]{0,3})*")


class Action(NamedTuple):
    title: str
    kind: str
    edits: list[tuple[int, int, str]]
    diagnostics: list[Diagnostic]
    preferred: bool = False


def actions_for(
    document, lines: LineMap, diagnostics: list[Diagnostic], low: int, high: int, newline: str
) -> list[Action]:
    """The quick fixes for the diagnostics touching ``[low, high]``."""
    found: list[Action] = []
    marker = "#" if document.kind == "plan" else ";"
    for diagnostic in diagnostics:
        start, end = lines.span_offsets(diagnostic.span)
        if end < low or start > high:
            continue
        if diagnostic.fix is not None:
            fix = diagnostic.fix
            found.append(Action(fix.title, QUICK_FIX, fix_edits(lines, fix.edits, newline), [diagnostic], fix.safe))
        if diagnostic.code == "INF201" and document.kind == "inf":
            action = _define_token(document, lines, diagnostic, newline)
            if action is not None:
                found.append(action)
        noqa = _noqa(document, lines, diagnostic, marker)
        if noqa is not None:
            found.append(noqa)
    return found


def fix_edits(lines: LineMap, edits, newline: str) -> list[tuple[int, int, str]]:
    result = []
    for edit in edits:
        start, end = lines.span_offsets(edit.span)
        new_text = edit.new_text.replace("\n", newline) if "\n" in edit.new_text else edit.new_text
        result.append((start, end, new_text))
    return result


def fix_all(lines: LineMap, diagnostics: list[Diagnostic], newline: str) -> Action | None:
    """Every safe fix at once, as ``infcheck check --fix`` applies them; ``None`` when there is none."""
    taken: list[tuple[int, int]] = []
    edits: list[tuple[int, int, str]] = []
    fixed = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not fix.safe:
            continue
        ranges = [lines.span_offsets(edit.span) for edit in fix.edits]
        if any((s < oe and os_ < e) or s == os_ for s, e in ranges for os_, oe in taken):
            continue
        taken.extend(ranges)
        edits.extend(fix_edits(lines, fix.edits, newline))
        fixed.append(diagnostic)
    if not fixed:
        return None
    return Action(f"Fix all safe infcheck problems ({len(fixed)})", FIX_ALL, sorted(edits), fixed)


def _noqa(document, lines: LineMap, diagnostic: Diagnostic, marker: str) -> Action | None:
    """``; noqa: CODE`` at the end of the line that speaks for the diagnostic (the last line of its entry)."""
    start, _ = lines.span_offsets(diagnostic.span)
    line = lines.line_of(start)
    if document.kind == "inf":
        entry = document.entry_at(start)
        if entry is not None:
            line = lines.line_of(entry.start + len(entry.text))
    text = lines.line_text(line)
    line_start = lines.starts[line]
    comment = _comment_start(text, marker)
    code = diagnostic.code
    title = f"Silence {code} on this line ({marker} noqa)"
    if comment is not None:
        directive = re.match(rf"{re.escape(marker)}[ \t]*noqa(?P<colon>[ \t]*:)?[ \t]*", text[comment:], re.IGNORECASE)
        if directive is not None:
            if not directive.group("colon"):
                return None  # a bare noqa already silences every code
            listed = _CODE_LIST.match(text, comment + directive.end())
            if listed is None:
                at = line_start + comment + directive.end()
                return Action(title, QUICK_FIX, [(at, at, f"{code} ")], [diagnostic])
            at = line_start + listed.end()
            return Action(title, QUICK_FIX, [(at, at, f", {code}")], [diagnostic])
    end = line_start + len(text.rstrip(" \t"))
    return Action(title, QUICK_FIX, [(end, end, f"  {marker} noqa: {code}")], [diagnostic])


def _comment_start(line: str, marker: str) -> int | None:
    """Where the line's comment starts: the first marker outside quotes."""
    quote = None
    for position, character in enumerate(line):
        if quote is not None:
            if character == quote:
                quote = None
        elif character == '"' or (marker == "#" and character == "'"):
            quote = character
        elif character == marker:
            return position
    return None


def _define_token(document: Document, lines: LineMap, diagnostic: Diagnostic, newline: str) -> Action | None:
    """Add ``name = ""`` at the end of [Strings], creating the section when the file has none."""
    start, end = lines.span_offsets(diagnostic.span)
    written = document.text[start:end]
    if len(written) < 3 or written[0] != "%" or written[-1] != "%":
        return None
    name = written[1:-1]
    if document.strings.defines(name):
        return None
    line = f'{name} = ""'
    sections = document.sections_named("strings")
    if sections:
        last_line = lines.line_of(section_end(sections[-1]))
        # After the whole last line, so a comment ending it stays where it is.
        at = lines.starts[last_line] + len(lines.line_text(last_line))
        edit = (at, at, f"{newline}{line}")
    else:
        text = document.text
        at = len(text)
        lead = "" if not text or text.endswith(("\r", "\n")) else newline
        edit = (at, at, f"{lead}{newline}[Strings]{newline}{line}{newline}")
    return Action(f"Define %{name}% in [Strings]", QUICK_FIX, [edit], [diagnostic])
