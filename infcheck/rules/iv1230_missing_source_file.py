"""A copied file is not listed in [SourceDisksFiles].

## What it does
Reports each file a `CopyFiles` directive copies (a file-list line, or
`CopyFiles = @file`) whose source name is missing from
`[SourceDisksFiles.<arch>]` and `[SourceDisksFiles]` for an architecture
the copying section installs on.

## Why is this bad?
Windows finds each source file through `[SourceDisksFiles]`; a file missing
there cannot be copied, and the package is not complete. A common cause is a
`[SourceDisksFiles.amd64]` section without its twin for another architecture
the INF supports.

## Example
```inf
[Drivers]
contoso.sys
[SourceDisksFiles.amd64]
other.sys = 1
```

## Use instead
```inf
[Drivers]
contoso.sys
[SourceDisksFiles]
contoso.sys = 1
```

## Source
InfVerif 1230; learn.microsoft.com/windows-hardware/drivers/install/inf-sourcedisksfiles-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1230"
NAME = "missing-source-file"
SEVERITY = "error"
INFVERIF = (1230,)
TRIGGERS = ("copyfiles",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    reported: set[tuple[int, str]] = set()
    for copy in model.file_copies:
        architectures = sorted(model.architectures_of_section(copy.install_section)) or [None]
        for architecture in architectures:
            if model.source_file(copy.source_name, architecture or None) is not None:
                continue
            if (copy.value.start, copy.source_name.lower()) in reported:
                break
            reported.add((copy.value.start, copy.source_name.lower()))
            where = f"[SourceDisksFiles.{architecture}] or " if architecture else ""
            yield ctx.report(
                copy.value.span,
                f"'{copy.source_name}' is copied but not listed in {where}[SourceDisksFiles]; add "
                f"{copy.source_name} = <disk id> there",
            )
            break
