r"""An Include names something that cannot be a system-supplied INF file.

## What it does
Reports a value of an `Include` directive that, after string substitution,
is a path (it holds `\`, `/` or `:`) or a file name that does not end in
`.inf`. Windows looks included files up among the INF files of the system
by name alone, so neither can be found there.

Whether a plain `name.inf` is one of the INF files a Windows build ships
cannot be told from the package, so such names are left alone.

## Why is this bad?
`Include` may only name INF files that come with Windows; Windows does not
search the package's folder or follow a path. The sections the INF `Needs`
from the included file are then missing, and the installation steps they
carry are skipped.

## Example
```inf
[Contoso_Install.NT]
Include = ..\common\contoso_common.inf
Needs   = Common_Install
```

## Use instead
```inf
[Contoso_Install.NT]
Include = wudfrd.inf
Needs   = WUDFRD.NT
```
(and move the shared sections into this INF).

## Source
InfVerif 1202; learn.microsoft.com/windows-hardware/drivers/install/inf-include-directive
("system-supplied INF files").
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1202"
NAME = "include-not-system-inf"
SEVERITY = "error"
INFVERIF = (1202,)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in ctx.index.directive("include"):
        for value in entry.values:
            name = value.resolved.strip().strip('"')
            if not name:
                continue
            if any(mark in name for mark in ("\\", "/", ":")):
                problem = "is a path"
            elif not name.lower().endswith(".inf"):
                problem = "is not an INF file name"
            else:
                continue
            yield ctx.report(
                value.span,
                f"Include '{name}' {problem}; Include takes only the names of INF files that come with Windows, "
                "so copy the sections this INF needs into it instead",
            )
