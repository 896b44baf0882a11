r"""CatalogFile does not name a .cat file.

## What it does
Reports a `CatalogFile` or `CatalogFile.<ext>` in `[Version]` whose value,
after string substitution, is not a plain file name ending in `.cat`: a
path, a different extension, or an empty name before `.cat`. An empty value
is INF105's finding.

## Why is this bad?
Signing produces the catalog under this name next to the INF. InfVerif
expects `filename.cat` and rejects anything else.

## Example
```inf
[Version]
CatalogFile = drivers\contoso.cat
```

## Use instead
```inf
[Version]
CatalogFile = contoso.cat
```

## Source
InfVerif 1214; learn.microsoft.com/windows-hardware/drivers/install/inf-version-section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1214"
NAME = "invalid-catalog-name"
SEVERITY = "error"
INFVERIF = (1214,)
TRIGGERS = ("[version]",)

_CATALOG_NAME = re.compile(r'^[^\\/:*?"<>|]+\.cat$', re.IGNORECASE)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in ctx.index.version.catalog_entries:
        value = entry.value(0)
        if value is None or value.is_empty:
            continue
        name = value.resolved.strip()
        if not _CATALOG_NAME.match(name) or name.startswith("."):
            yield ctx.report(value.span, f"catalog '{name}' must be a file name ending in .cat, without a path")
