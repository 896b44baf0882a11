r"""A %strkey% token has no definition in [Strings].

## What it does
Reports every `%token%` outside the `[Strings]` sections that no `[Strings]`
or `[Strings.LanguageID]` section defines. Numeric tokens such as `%13%` are
directory IDs and are not string tokens; `%%` is a literal percent sign. A
lone `%` that no second `%` closes is reported too (InfVerif calls its token
`(null)`).

## Why is this bad?
Windows leaves an undefined token in place, so the device ends up with a name
like `%DeviceDesc%` or a registry value holding `%SystemRoot%` literally.
InfVerif reports error 1235. To write a literal percent sign, double it.

## Example
```inf
[Contoso_Install.AddReg]
HKR,,EventMessageFile,0x00020000,"%SystemRoot%\System32\IoLogMsg.dll"
```

## Use instead
```inf
[Contoso_Install.AddReg]
HKR,,EventMessageFile,0x00020000,"%%SystemRoot%%\System32\IoLogMsg.dll"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-strings-section; InfVerif 1235.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Document, Entry
from infcheck.engine import SectionContext

CODE = "INF201"
NAME = "undefined-string-token"
SEVERITY = "error"
INFVERIF = (1235,)  # the InfVerif codes this rule mirrors
SCOPE = "section"

# A doubled percent sign, a token, or a percent sign that nothing closes (the last alternative).
# A token cannot run across a comma, a quote or a line end, so one scan of the whole entry finds
# the same tokens as splitting it into key and values would, without splitting it (which a huge
# registry section would pay for in memory).
_PERCENT = re.compile(r'%%|%[^%\r\n,"]*%|%')


def check(ctx: SectionContext) -> Iterator[Diagnostic]:
    # Whether each token, as written with its percent signs, is fine: asked once per token, since a
    # file repeats its tokens a lot. A doubled percent sign is; a lone one never is.
    fine: dict[str, bool] = {"%%": True, "%": False}
    find_percents = _PERCENT.finditer
    all_percents = _PERCENT.findall
    entries = ctx.entries
    if not entries:
        return
    document = entries[0].document  # the entries of one context share their document
    text = document.text
    has_percent = text.find
    if entries is document.entries:
        entries = _entries_to_read(ctx, document, fine)
    for entry in entries:
        start, end = entry.start, entry.end
        if has_percent("%", start, end) < 0:
            continue  # most entries hold no percent sign at all
        section = entry.section
        if section is None or section.is_strings:
            continue
        # Continuations are rare: only an entry that runs over a line break (or to the end of the
        # text) can hold comments, or a key that does not start it, so only there is the key
        # looked for (and scanned apart from the values).
        if end < len(text) and _LINE_END(text, start, end) is None:
            # Nearly every token is defined: the tokens are read as plain strings first, and
            # where they lie is worked out only in an entry with something to report.
            for token in all_percents(text, start, end):
                token_is_fine = fine.get(token)
                if token_is_fine is None:
                    token_is_fine = fine[token] = _is_defined(ctx, token)
                if not token_is_fine:
                    break
            else:
                continue
            stretches, comments = [(start, end)], _NO_COMMENTS
        else:
            stretches, comments = _stretches_read(entry), _comments(entry)
        for low_bound, high_bound in stretches:
            for match in find_percents(text, low_bound, high_bound):
                token = match.group()
                token_is_fine = fine.get(token)
                if token_is_fine is None:
                    token_is_fine = fine[token] = _is_defined(ctx, token)
                if token_is_fine:
                    continue
                low, high = match.span()
                if high - low == 1:
                    yield ctx.report(
                        ctx.span(low, high),
                        "this '%' starts a string token that no '%' closes; write %% for a literal percent sign",
                    )
                    continue
                if comments and any(first <= low < stop for first, stop in comments):
                    continue  # a comment after a continuation says nothing to Windows
                yield ctx.report(
                    ctx.span(low, high),
                    f"{token} is not defined in [Strings]; write %% for a literal percent sign",
                )


def _entries_to_read(ctx: SectionContext, document: Document, fine: dict[str, bool]) -> list[Entry]:
    """The entries of the sections outside [Strings] that may hold a token to report.

    No token runs across a line end, so one scan of a section's whole stretch of text finds every
    token a scan of its entries would (and those of its comments too). Where all of them are fine,
    the section has nothing to report, and most sections hold no percent sign at all. A token with
    a ';' or a '=' could straddle the end of an entry or of its key, so it sends the section to the
    entry by entry reading. The entries before the first header belong to no section and have
    nothing to report."""
    text = document.text
    has_percent = text.find
    all_percents = _PERCENT.findall
    # Whether a token found in a section's text lets the section go unread.
    passes: dict[str, bool] = {}
    entries: list[Entry] = []
    for section in document.sections:
        section_entries = section.entries
        if not section_entries or section.is_strings:
            continue
        low, high = section_entries[0].start, section_entries[-1].end
        if has_percent("%", low, high) < 0:
            continue
        for token in all_percents(text, low, high):
            token_passes = passes.get(token)
            if token_passes is None:
                token_is_fine = fine.get(token)
                if token_is_fine is None:
                    token_is_fine = fine[token] = _is_defined(ctx, token)
                token_passes = passes[token] = token_is_fine and ";" not in token and "=" not in token
            if not token_passes:
                entries += section_entries
                break
    return entries


def _is_defined(ctx: SectionContext, token: str) -> bool:
    """Whether ``%name%`` needs no definition (a numeric directory ID) or has one in [Strings]."""
    name = token[1:-1]
    return name.isdigit() or ctx.defines(name)


_NO_COMMENTS: list[tuple[int, int]] = []


def _stretches_read(entry: Entry) -> list[tuple[int, int]]:
    """The key, then everything after its '=' (the whole entry when it has no key)."""
    key = entry.key_bounds
    if key is None:
        return [(entry.start, entry.end)]
    return [key, (entry.document.text.index("=", key[1]) + 1, entry.end)]


def _comments(entry: Entry) -> list[tuple[int, int]]:
    """The bounds of the comments after continuation backslashes, where only a lone '%' is reported."""
    text = entry.document.text
    comments = []
    for comment in entry.document.syntax.comments_within(entry):
        line_end = _LINE_END(text, comment, entry.end)
        comments.append((comment, line_end.start() if line_end is not None else entry.end))
    return comments


_LINE_END = re.compile(r"[\r\n]").search
