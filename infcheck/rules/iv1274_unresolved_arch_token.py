"""An architecture token that stampinf will not resolve.

## What it does
Reports, in each section that holds one, the first `$arch$` token spelled
in any case but `$ARCH$`, in `.inf` files and `.inx` templates alike:
stampinf replaces only the upper-case spelling, so the others survive every
build. With the option `stamped = true` (for checking INFs as they ship,
after stampinf ran), it also reports `$ARCH$` itself in `.inf` files; by
default it is taken for a build source that stampinf will stamp.

## Why is this bad?
stampinf turns the token into the build's architecture. A token it leaves
behind, such as the `NT$Arch$` decoration, matches no architecture, so the
sections decorated with it are never used. InfVerif reports it as an error.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NT$Arch$
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NT$ARCH$
```

## Source
InfVerif 1274; learn.microsoft.com/windows-hardware/drivers/devtest/stampinf-command-options.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Span
from infcheck.engine import DocumentContext, Option

CODE = "IV1274"
NAME = "unresolved-arch-token"
SEVERITY = "error"
INFVERIF = (1274,)
OPTIONS = {
    "stamped": Option(
        bool, False, "the .inf files are already stamped (as shipped), so $ARCH$ left in one is reported too"
    )
}

TOKEN = "$ARCH$"
_ANY_CASE = re.compile(r"\$arch\$", re.IGNORECASE)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    stamped = ctx.options.get("stamped", False) and not document.path.lower().endswith(".inx")
    if _first_token(document.text, stamped) is None:
        return  # nowhere, comments included: most files hold no token or only $ARCH$
    for section in document.sections:
        found = _first_token(section.name, stamped)
        if found is not None:
            span = section.name_span
            at = document.span(document.offset(span.line, span.column) + found.start(), 0)
            yield _report(ctx, section, found.group(), at.line, at.column)
            continue
        for entry in section.entries:
            found = _first_token(entry.text, stamped)
            if found is not None:
                at = document.span(entry.start + found.start(), 0)
                yield _report(ctx, section, found.group(), at.line, at.column)
                break


def _first_token(text, stamped):
    """The first token in ``text`` that stampinf leaves behind (comments are not part of ``text``)."""
    if "$" not in text:
        return None
    return next((match for match in _ANY_CASE.finditer(text) if stamped or match.group() != TOKEN), None)


def _report(ctx, section, token, line, column):
    why = "stampinf replaces only $ARCH$ in upper case" if token != TOKEN else "this INF is already stamped"
    return ctx.report(
        Span(line, column, line, column + len(token)),
        f"'{token}' in [{section.name}] is never resolved ({why}); write $ARCH$ in a template "
        "or the architecture itself",
    )
