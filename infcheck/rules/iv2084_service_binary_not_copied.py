r"""A service's binary is not a file the INF copies.

## What it does
Reports a `ServiceBinary` (in a service-install section an `AddService`
names) written as `%<dirid>%\[subdir\]file` when no `CopyFiles` of the INF
puts a file of that name in that DIRID and subdirectory.

## Why is this bad?
The service then starts a binary the package does not install: one left by
another package, or none at all. When the binary is an inbox one such as
WUDFRd.sys or mshidkmdf.sys, the INF should take the service from the inbox
INF with `Include` and `Needs` instead of defining it again.

## Example
```inf
[Contoso_Service]
ServiceBinary = %12%\contoso.sys
[DestinationDirs]
DefaultDestDir = 13
```

## Use instead
```inf
[Contoso_Service]
ServiceBinary = %13%\contoso.sys
[DestinationDirs]
DefaultDestDir = 13
```

## Source
InfVerif 2084; learn.microsoft.com/windows-hardware/drivers/devtest/inf-verif-error-2084.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model, split_dirid_path
from infcheck.rules._infverif import service_binaries

CODE = "IV2084"
NAME = "service-binary-not-copied"
SEVERITY = "warning"
INFVERIF = (2084,)
# The service-install sections read are those AddService lines name.
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    binaries = service_binaries(ctx.index)
    if not binaries:
        return  # the copies are looked up only for a file that names a service binary
    model = package_model(ctx.index)
    destinations = set()
    for copy in model.file_copies:
        destination = model.destination_for(copy.list_section)
        if destination is not None and destination.dirid is not None:
            destinations.add((destination.dirid, destination.subdirectory.lower(), copy.destination_name.lower()))
    for value in binaries:
        path = split_dirid_path(value.resolved)
        if path is None:
            continue  # IV2085 reports a binary that is not under a DIRID
        dirid, subdirectory, name = path
        if (dirid, subdirectory.lower(), name.lower()) in destinations:
            continue
        yield ctx.report(
            value.span,
            f"ServiceBinary '{value.resolved.strip()}' is not a file the INF copies there; copy it to that "
            "folder, or take an inbox service (WUDFRd.sys, mshidkmdf.sys...) from its INF with Include and Needs",
        )
