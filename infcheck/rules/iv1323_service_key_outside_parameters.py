"""A service's registry setting outside its Parameters subkey.

## What it does
Reports each `HKR` line of an add-registry section that a service-install
section (one an `AddService` names) applies, when the line's subkey is not
`Parameters` or below it.

## Why is this bad?
In a service-install section `HKR` is the service's own key, which Windows
manages (`ImagePath`, `Start`, `Type`...). An isolated driver keeps its
settings under the `Parameters` subkey, which it reads with
`IoOpenDriverRegistryKey(DriverRegKeyParameters)`; values written next to
Windows' own can clash with them and are not part of the driver's state.
Windows Drivers (InfVerif `/w`) must be isolated.

## Example
```inf
[Contoso_Service_AddReg]
HKR,,Level,0x00010001,2
```

## Use instead
```inf
[Contoso_Service_AddReg]
HKR,Parameters,Level,0x00010001,2
```

## Source
InfVerif 1323; learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation,
learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model
from infcheck.package_reach import service_registry_writes

CODE = "IV1323"
NAME = "service-key-outside-parameters"
# InfVerif reports it only under /w (an error there, as the profile sets); without a profile, a warning.
SEVERITY = "warning"
INFVERIF = (1323,)
# The AddReg of the service-install sections an AddService names.
TRIGGERS = ("addservice",)

_PARAMETERS = "parameters"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    reported: set[int] = set()
    for write in service_registry_writes(package_model(ctx.index)):
        operation = write.operation
        if operation.root != "HKR" or operation.entry.start in reported:
            continue
        subkey = operation.subkey.strip("\\").lower()
        if subkey == _PARAMETERS or subkey.startswith(_PARAMETERS + "\\"):
            continue
        reported.add(operation.entry.start)
        field = operation.entry.value(1)
        span = field.span if field is not None and not field.is_empty else operation.entry.span
        shown = operation.subkey.strip("\\") or "(the service key itself)"
        yield ctx.report(
            span,
            f"the service [{write.service_section.name}] writes HKR subkey {shown}, outside its Parameters "
            "subkey; put the setting under HKR,Parameters",
        )
