r'''A ServiceBinary path with a space is not quoted.

## What it does
Reports a `ServiceBinary` in a service-install section whose path, after
string substitution, holds a space but is not wrapped in double quotes
(written `"""%13%\Sub Dir\contoso.exe"""` in the INF).

## Why is this bad?
The service control manager splits an unquoted image path at the first
space, so it starts the wrong program or none (and an unquoted path with
spaces is a known way to run planted programs). InfVerif rejects it.

## Example
```inf
[Contoso_Service]
ServiceBinary = %13%\Contoso Tools\contososvc.exe
```

## Use instead
```inf
[Contoso_Service]
ServiceBinary = """%13%\Contoso Tools\contososvc.exe"""
```

## Source
InfVerif 1254; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
'''

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._infverif import service_binaries

CODE = "IV1254"
NAME = "unquoted-service-binary"
SEVERITY = "error"
INFVERIF = (1254,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for value in service_binaries(ctx.index):
        path = value.resolved.strip()
        if " " in path and not (len(path) > 1 and path.startswith('"') and path.endswith('"')):
            yield ctx.report(
                value.span, f'ServiceBinary \'{path}\' holds a space; quote it as """path""" so it is read whole'
            )
