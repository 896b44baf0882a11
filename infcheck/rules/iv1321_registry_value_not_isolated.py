r"""An add-registry line that sets a value outside HKR.

## What it does
Reports each line of an add-registry section that sets a named value under a
root other than `HKR`. Values under `HKCR` are reported by IV2660. Under the
`whql` profile, values under `HKLM` pass, as InfVerif's `/h` mode still allows
them.

## Why is this bad?
Driver package isolation keeps a package's settings in its own registry state
(`HKR`), where the driver reads them with `IoOpenDeviceRegistryKey` or
`IoOpenDriverRegistryKey`. A global value is shared with other software and
stays behind when the package is removed. Windows Drivers (InfVerif `/w`) must
be isolated.

## Example
```inf
[Contoso_AddReg]
HKLM,System\CurrentControlSet\Services\contoso\Parameters,Level,0x00010001,2
```

## Use instead
```inf
[Contoso_Service_AddReg]   ; named by AddReg in the service-install section
HKR,Parameters,Level,0x00010001,2
```

## Source
InfVerif 1321; learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation,
learn.microsoft.com/windows-hardware/drivers/devtest/infverif_h.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._isolation import global_registry_writes, key_path, root_span, whql_allows_root

CODE = "IV1321"
NAME = "registry-value-not-isolated"
# InfVerif reports it only under /w (an error there, as the profile sets); without a profile, a warning.
SEVERITY = "warning"
INFVERIF = (1321,)
TRIGGERS = ("addreg",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in global_registry_writes(ctx.index):
        if not operation.value_name or operation.root == "HKCR" or whql_allows_root(operation.root, ctx.profile):
            continue
        yield ctx.report(
            root_span(operation),
            f"the value '{operation.value_name}' of {key_path(operation)} is outside HKR, so the package "
            "is not isolated; set it under HKR and read it from the device or driver key",
        )
