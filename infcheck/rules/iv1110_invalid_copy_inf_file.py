r"""CopyINF names a file that is not an INF file of the package.

## What it does
Reports each file a `CopyINF` directive names that is not an INF file in
the INF's folder or one of its subfolders: a name without the `.inf`
extension, an absolute path (`C:\...`, `\...`), a DIRID path (`%11%\...`) or
a path that climbs out with `..`.

This is a partial check: InfVerif's message ("Cannot specify file '...' in
a CopyINF directive") does not say which files it refuses, so infcheck
reports only the files Microsoft's CopyINF page rules out.

## Why is this bad?
CopyINF copies other INF files of the same driver package (and the packages
they describe) into the driver store, for the functions of a multifunction
device. The files must be INF files found beside the INF or below its
folder, named by a relative path; anything else is not copied.

## Example
```inf
[Contoso_Install.NT]
CopyINF = %11%\contoso_audio.inf, contoso_readme.txt
```

## Use instead
```inf
[Contoso_Install.NT]
CopyINF = audio\contoso_audio.inf
```

## Source
InfVerif 1110; learn.microsoft.com/windows-hardware/drivers/install/inf-copyinf-directive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1110"
NAME = "invalid-copy-inf-file"
SEVERITY = "error"
INFVERIF = (1110,)
TRIGGERS = ("copyinf",)

_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:|[\\/]|%-?\d+%)")


def _why_refused(name: str) -> str | None:
    if _ABSOLUTE.match(name):
        return "is not a path relative to the INF's folder"
    if ".." in re.split(r"[\\/]", name):
        return "leaves the INF's folder with '..'"
    if not name.lower().endswith(".inf"):
        return "is not an INF file"
    return None


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in package_model(ctx.index).directive("copyinf"):
        for value in entry.values:
            if value.is_empty:
                continue
            name = value.resolved.strip().strip('"')
            why = _why_refused(name)
            if why is None:
                continue
            yield ctx.report(
                value.span,
                f"CopyINF file '{name}' {why}; CopyINF copies INF files of the package, named relative to "
                "this INF's folder (audio\\contoso_audio.inf)",
            )
