r"""An add-registry line that creates a key outside HKR.

## What it does
Reports each line of an add-registry section that names a key under a root
other than `HKR` and no value (it creates or opens the key itself). Keys under
`HKCR` are reported by IV2660. Under the `whql` profile, keys under `HKLM`
pass, as InfVerif's `/h` mode still allows them.

## Why is this bad?
Driver package isolation keeps everything a package installs in its own
state: the device's and driver's keys (`HKR`), never global keys that other
software shares and that outlive the package. Windows Drivers (InfVerif `/w`)
must be isolated.

## Example
```inf
[Contoso_AddReg]
HKLM,Software\Contoso\Sensor
```

## Use instead
```inf
[Contoso_AddReg]
HKR,Settings   ; opened by the driver with IoOpenDeviceRegistryKey
```

## Source
InfVerif 1320; learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation,
learn.microsoft.com/windows-hardware/drivers/devtest/infverif_h.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._isolation import global_registry_writes, key_path, root_span, whql_allows_root

CODE = "IV1320"
NAME = "registry-key-not-isolated"
# InfVerif reports it only under /w (an error there, as the profile sets); without a profile, a warning.
SEVERITY = "warning"
INFVERIF = (1320,)
TRIGGERS = ("addreg",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in global_registry_writes(ctx.index):
        if operation.value_name or operation.root == "HKCR" or whql_allows_root(operation.root, ctx.profile):
            continue
        yield ctx.report(
            root_span(operation),
            f"the key {key_path(operation)} is outside HKR, so the package is not isolated; create "
            "the key under HKR (the device or driver key) instead",
        )
