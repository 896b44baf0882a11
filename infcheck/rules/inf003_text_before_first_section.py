"""Text appears before the first section header.

## What it does
Reports lines before the first `[section]` header that are not comments or
blank. In a file without a `[Strings]` section this is an error, because
Windows refuses to open the file; in a file with one it is a warning, because
Windows opens the file and ignores the text.

## Why is this bad?
Windows stops reading a file that has text before its first section unless the
file has a `[Strings]` section: opening it fails with ERROR_EXPECTED_SECTION_NAME
and nothing in it is installed. Where Windows does open the file, such text is
either a comment written without its `;` or an entry that was meant to be
inside a section and silently does nothing.

## Example
```inf
Signature = "$Windows NT$"
[Version]
Class = Sensor
```

## Use instead
```inf
[Version]
Signature = "$Windows NT$"
Class = Sensor
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/general-syntax-rules-for-inf-files;
what Windows does with such text is recorded in the Wine project's setupapi parser tests
(wine-mirror/wine, dlls/setupapi/tests/parser.c, `invalid_files`), which pass on Windows.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import ERROR, WARNING, Diagnostic
from infcheck.engine import DocumentContext

CODE = "INF003"
NAME = "text-before-first-section"
SEVERITY = "error"
# Whether Windows opens the file depends on a [Strings] section anywhere in it, so the rule
# needs the whole document.
SCOPE = "document"

_REFUSED = (
    "Windows refuses to open a file with text before its first section unless the file has a [Strings] section "
    "(ERROR_EXPECTED_SECTION_NAME); make it a ';' comment"
)
_IGNORED = "text before the first section is ignored by Windows; make it a ';' comment"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    if not document.preamble:
        return
    if not document.has_section("strings"):
        for entry in document.preamble:
            yield ctx.report(entry.span, _REFUSED)
        return
    for entry in document.preamble:
        finding = ctx.report(entry.span, _IGNORED)
        # Windows reads the file and only drops this text: a level below a refused file.
        yield finding._replace(severity=WARNING) if finding.severity == ERROR else finding
