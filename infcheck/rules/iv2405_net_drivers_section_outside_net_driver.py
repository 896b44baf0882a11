"""A [DefaultInstall.NetDrivers] section in an INF of another class.

## What it does
Reports each `[DefaultInstall.NetDrivers]` section (any letter case, with or
without a further decoration such as `.NTamd64`) in an INF whose `[Version]`
`Class` is not `NetDriver`.

The trigger is InfVerif's message itself ("Only INFs with Class name
NetDriver can use [DefaultInstall.NetDrivers] section"); Microsoft has not
documented the declarative network driver format further.

## Why is this bad?
The `.NetDrivers` install section belongs to the declarative network driver
format, which Windows reads only from INFs of the NetDriver class. In any
other INF the section is ignored, so the network components it declares are
never installed.

## Example
```inf
[Version]
Class = Net
[DefaultInstall.NetDrivers]
```

## Use instead
```inf
[Version]
Class = NetDriver
[DefaultInstall.NetDrivers]
```

## Source
InfVerif 2405; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import is_net_driver

CODE = "IV2405"
NAME = "net-drivers-section-outside-net-driver"
SEVERITY = "error"
INFVERIF = (2405,)
TRIGGERS = ("[defaultinstall]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if is_net_driver(ctx.index):
        return
    written = ctx.index.version.text("class")
    seen: set[str] = set()
    for section in ctx.document.sections:
        key = section.key
        if not (key == "defaultinstall.netdrivers" or key.startswith("defaultinstall.netdrivers.")):
            continue
        if key in seen:
            continue
        seen.add(key)
        yield ctx.report(
            section.name_span,
            f"[{section.name}] is read only from INFs of the NetDriver class, and this INF's class is "
            f"{repr(written) if written else 'not set'}; set Class = NetDriver or remove the section",
        )
