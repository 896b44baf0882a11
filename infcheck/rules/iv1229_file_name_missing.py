r"""A file-list line leaves out the file name it needs.

## What it does
In the file-list sections `CopyFiles` and `DelFiles` name, reports a line
whose first field, the destination file name, is empty while later fields
are not; in the sections `RenFiles` names, a line without both the new and
the old name.

## Why is this bad?
Windows copies, deletes or renames the file the line names; with the name
missing it has no file to work on and skips the line. InfVerif rejects it.

## Example
```inf
[Contoso_Files]
, contoso_x64.sys
```

## Use instead
```inf
[Contoso_Files]
contoso.sys, contoso_x64.sys
```

## Source
InfVerif 1229; learn.microsoft.com/windows-hardware/drivers/install/inf-copyfiles-directive,
inf-delfiles-directive, inf-renfiles-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1229"
NAME = "file-name-missing"
SEVERITY = "error"
INFVERIF = (1229,)
TRIGGERS = ("copyfiles", "delfiles", "renfiles")

# Directive -> the names each line of its sections needs, by field.
_NEEDED = {
    "copyfiles": ("destination",),
    "delfiles": ("destination",),
    "renfiles": ("new", "old"),
}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    present = ctx.index.directives  # the index groups these directives (outside [Strings])
    seen: set[tuple[str, str]] = set()
    for directive, needed in _NEEDED.items():
        for entry in present.get(directive, ()):
            for value in entry.values:
                name = value.resolved.strip()
                if not name or name.startswith("@"):
                    continue
                listed = (directive, name.lower())
                if listed in seen:
                    continue
                seen.add(listed)
                for line in document.entries_in(name):
                    values = line.values
                    if line.key is not None or all(v.is_empty for v in values):
                        continue
                    for position, what in enumerate(needed):
                        field = values[position] if position < len(values) else None
                        if field is None or field.is_empty:
                            yield ctx.report(
                                field.span if field is not None else line.span,
                                f"this {entry.key} line gives no {what} file name; write the file's name "
                                f"as field {position + 1}",
                            )
