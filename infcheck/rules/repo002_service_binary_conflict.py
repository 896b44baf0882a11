r"""Two INF files install one service with different binaries.

## What it does
Across every INF checked in one run, reports an `AddService` whose service
name another INF already installs with a different `ServiceBinary`.

## Why is this bad?
A service has one binary. Whichever package installs last rewrites it, and
the devices of the other package then run a driver that was not written for
them, or fail to start when the other binary is removed.

## Example
```inf
; contoso/a.inf
AddService = contoso, 0x2, A_Service    ; ServiceBinary = %13%\contoso_a.sys
; contoso/b.inf
AddService = contoso, 0x2, B_Service    ; ServiceBinary = %13%\contoso_b.sys
```

## Use instead
```inf
; contoso/b.inf: a service name of its own
AddService = contoso_b, 0x2, B_Service
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import RepositoryContext
from infcheck.inf_facts import InfFacts, ServiceBinary

CODE = "REPO002"
NAME = "service-binary-conflict"
SEVERITY = "error"
SCOPE = "repository"


def _binary_key(binary: str) -> str:
    return binary.lower().replace("/", "\\")


def check(ctx: RepositoryContext) -> Iterator[Diagnostic]:
    first_install: dict[str, tuple[InfFacts, ServiceBinary]] = {}
    for inf in ctx.infs:
        for service in inf.services:
            if not service.binary:
                continue
            earlier = first_install.setdefault(service.name.lower(), (inf, service))
            if earlier[0].path == inf.path or _binary_key(earlier[1].binary) == _binary_key(service.binary):
                continue
            yield ctx.report_in(
                inf,
                service.span,
                f"service '{service.name}' is installed here with binary '{service.binary}', but {earlier[0].path} "
                f"installs it with '{earlier[1].binary}'; the last package installed wins for both, so name one "
                "service differently",
            )
