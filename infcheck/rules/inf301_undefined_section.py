r"""A section that the INF refers to does not exist.

## What it does
Reports a Models section named by `[Manufacturer]` (for each TargetOSVersion),
a DDInstall section named by a Models entry (Windows tries
`name.NT<arch>`, then `name.NT`, then `name`), and a section named by a
directive (`CopyFiles`, `AddReg`, `AddService`, `Needs`, ...) that the file
does not define. `Needs` entries are skipped when the INF uses `Include`,
since they then name sections of the included system INF, and so are
sections an included inbox INF is known to define (IV1220 reports those).

## Why is this bad?
Windows cannot install from a section that is not there: the device finds no
driver, or the copy, registry or service step is skipped. InfVerif reports
error 1203 for such references.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64

[Contoso.NTx86]
%DeviceDesc% = Sensor_Install, ACPI\CTSO0001
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64

[Contoso.NTamd64]
%DeviceDesc% = Sensor_Install, ACPI\CTSO0001
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section,
.../inf-models-section, .../inf-ddinstall-section; InfVerif 1203.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._inbox import inbox_file_defining, included_files

CODE = "INF301"
NAME = "undefined-section"
SEVERITY = "error"
INFVERIF = (1203, 1315, 2006)  # the InfVerif codes this rule mirrors


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    document = ctx.document
    index = ctx.index
    for models in index.models_sections:
        if models.sections or "%" in models.name:  # an undefined token is INF201's to report
            continue
        yield ctx.report(
            models.reference_span, f"Models section [{models.name}] named by [Manufacturer] is not defined"
        )
    # Entries naming the same install section for the same platform stand or fall together.
    for (name, extension), models_entries in index.models_entries_by_install.items():
        if "%" in name or index.ddinstall_for(name, extension) is not None:
            continue
        for models_entry in models_entries:
            yield ctx.report(
                models_entry.install.span,
                f"install section [{name}] is not defined (nor [{name}.{extension}] or [{name}.NT])",
            )
    included = included_files(index)
    # The document's section keys, read once: a file names its sections many times over.
    defined = set(document.section_keys())
    for reference in index.references:
        target = reference.target
        if not target or "%" in target or target.lower() in defined:
            continue
        if reference.directive == "needs" and index.has_include:
            continue
        if included and inbox_file_defining(target, included) is not None:
            continue
        yield ctx.report(reference.value.span, f"section [{target}] named by {reference.entry.key} is not defined")
