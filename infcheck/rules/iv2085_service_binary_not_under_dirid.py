r"""ServiceBinary is not written as a path under a DIRID.

## What it does
Reports a `ServiceBinary` in a service-install section (one an `AddService`
names) whose value, as written, does not begin with `%<number>%\`, such as
`12\contoso.sys` or `C:\Windows\System32\drivers\contoso.sys`.

## Why is this bad?
Windows resolves the DIRID to the right folder on every machine and in every
install context (the driver store for DIRID 13). A fixed path or a bare
relative one points somewhere else on other systems; InfVerif rejects it.

## Example
```inf
[Contoso_Service]
ServiceBinary = %SystemRoot%\System32\drivers\contoso.sys
```

## Use instead
```inf
[Contoso_Service]
ServiceBinary = %13%\contoso.sys
```

## Source
InfVerif 2085; learn.microsoft.com/windows-hardware/drivers/install/using-dirids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._infverif import service_binaries

CODE = "IV2085"
NAME = "service-binary-not-under-dirid"
SEVERITY = "error"
INFVERIF = (2085,)
# The service-install sections read are those AddService lines name.
TRIGGERS = ("addservice",)

_UNDER_DIRID = re.compile(r'^"*%\d+%\\')


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for value in service_binaries(ctx.index):
        if not _UNDER_DIRID.match(value.text.strip()):
            yield ctx.report(
                value.span,
                f"ServiceBinary '{value.text.strip()}' is not a path under a DIRID; write it as %13%\\file.sys",
            )
