"""An INF has both [DefaultInstall] and [Manufacturer].

## What it does
Reports each `[DefaultInstall...]` header (decorated or not, family sections
included) in an INF that also has a `[Manufacturer]` section.

## Why is this bad?
An INF is either a device INF (installed on devices through
`[Manufacturer]` and Models sections) or a primitive INF (installed through
`[DefaultInstall]`), not both. InfVerif rejects an INF that mixes the two.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64
[DefaultInstall.NTamd64]
CopyFiles = Tool_Files
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64
[Device_Install.NTamd64]
CopyFiles = Tool_Files
```

## Source
InfVerif 1212; learn.microsoft.com/windows-hardware/drivers/install/inf-defaultinstall-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1212"
NAME = "default-install-with-manufacturer"
SEVERITY = "error"
INFVERIF = (1212,)
# It needs [Manufacturer] as well; [DefaultInstall] is the rarer of the two.
TRIGGERS = ("[defaultinstall]",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not ctx.index.is_device_inf:
        return
    for primitive in package_model(ctx.index).primitive_sections:
        if primitive.uninstall:
            continue
        section = primitive.section
        yield ctx.report(
            section.name_span,
            f"[{section.name}] and [Manufacturer] cannot both be in one INF; "
            "install devices from Models sections or make a separate primitive INF",
        )
