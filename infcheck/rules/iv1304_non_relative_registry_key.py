r"""An add-registry line that writes outside the device's own keys.

## What it does
Reports each line of an add-registry section whose root is not `HKR`, except
the global keys a universal INF may still write: COM class registrations
(`HKCR`, `HKLM\Software\Classes`) and Media Foundation transforms
(`HKLM\Software\Microsoft\Windows Media Foundation`).

## Why is this bad?
A universal INF only makes changes that belong to the device or driver it
installs, so that the result is the same on every system and can be undone
with the package. `HKLM`, `HKCU` and `HKU` keys are shared with the rest of
the system. InfVerif warns under `/k` and fails the package under `/u`; under
`/w` the stricter isolation checks (IV1320, IV1321, IV2660) report it instead.

## Example
```inf
[Contoso_AddReg]
HKLM,Software\Contoso\Sensor,Mode,0x00010001,1
```

## Use instead
```inf
[Contoso_AddReg]
HKR,,Mode,0x00010001,1   ; the driver reads it with IoOpenDeviceRegistryKey
```

## Source
InfVerif 1304; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._isolation import global_registry_writes, key_path, root_span, universal_allows

CODE = "IV1304"
NAME = "non-relative-registry-key"
SEVERITY = "warning"
INFVERIF = (1304,)
TRIGGERS = ("addreg",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in global_registry_writes(ctx.index):
        if universal_allows(operation):
            continue
        yield ctx.report(
            root_span(operation),
            f"AddReg writes the global key {key_path(operation)}, which a universal INF may not do; "
            "keep the setting under HKR",
        )
