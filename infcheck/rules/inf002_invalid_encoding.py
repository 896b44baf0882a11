"""The file is not saved as ANSI or UTF-16, or is not text at all.

## What it does
Reports a file that starts with a UTF-8 byte-order mark, a UTF-16 file saved
big-endian, a file that is not UTF-16 but contains non-ASCII characters, a UTF-16 file with byte sequences
that are not valid UTF-16, and a file that is binary rather than text.

## Why is this bad?
Windows reads an INF either as UTF-16 LE or with the system's ANSI code page;
it does not read UTF-16 big-endian files.
A UTF-8 file is read as ANSI: its BOM becomes three stray characters and every
accented letter turns into two wrong ones. Plain ANSI text with non-ASCII
characters reads differently on machines with another code page. InfVerif
rejects such files (error 1003); Microsoft asks for UTF-16 LE whenever the file
holds any non-ASCII character.

## Example
```inf
; saved as UTF-8 or ANSI
[Strings]
DeviceDesc = "Capteur thermique intégré"
```

## Use instead
```inf
; the same text, saved as UTF-16 LE with a byte-order mark
[Strings]
DeviceDesc = "Capteur thermique intégré"
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-guidelines-for-inf-files
("Editing INF files and file encodings"); InfVerif 1003.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.decode import UTF8, UTF16_BE
from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.patterns import LazyPattern

CODE = "INF002"
NAME = "invalid-encoding"
SEVERITY = "error"
INFVERIF = (1003,)  # the InfVerif codes this rule mirrors

_NON_ASCII = LazyPattern(r"[^\x00-\x7f]")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    encoding = document.encoding
    if encoding.binary:
        yield ctx.report(document.start_span, "this is not a text file (it holds NUL bytes or control characters)")
        return
    if encoding.codec == UTF8:
        yield ctx.report(
            document.start_span,
            "the file is UTF-8 with a byte-order mark; Windows reads it as ANSI, so save it as UTF-16 LE",
        )
        return
    if encoding.damaged:
        position = document.text.find("\ufffd")
        span = document.span(position, position + 1) if position >= 0 else document.start_span
        yield ctx.report(span, f"the file is {encoding.label} but holds bytes that are not valid UTF-16")
        return
    if encoding.codec == UTF16_BE:
        yield ctx.report(
            document.start_span,
            "the file is UTF-16 big-endian; Windows reads only ANSI and UTF-16 LE, so save it as UTF-16 LE",
        )
        return
    if encoding.is_utf16 or document.text.isascii():
        return
    first = _NON_ASCII.search(document.text)
    if first is None:
        return
    # Counted without a regex: this rule runs on every keystroke in the editor.
    count = len(document.text) - len(document.text.encode("ascii", "ignore"))
    others = f" (and {count - 1} more)" if count > 1 else ""
    yield ctx.report(
        document.span(first.start(), first.end()),
        f"non-ASCII character {first.group()!r}{others} in an ANSI file: Windows reads it with the "
        "system code page; save the file as UTF-16 LE",
    )
