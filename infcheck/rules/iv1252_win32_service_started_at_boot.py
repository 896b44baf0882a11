r"""A Win32 service is set to start at boot or system start.

## What it does
Reports a service-install section whose `ServiceType` is a Win32 service
(`0x10` or `0x20`) and whose `StartType` is `0` (boot) or `1` (system). The
finding points at the `StartType` value.

## Why is this bad?
Only drivers are loaded by the boot loader or the kernel at system start;
Windows refuses to create a Win32 service with those start types, and
InfVerif warns about it.

## Example
```inf
[Contoso_Service]
ServiceType   = 0x10
StartType     = 1
ErrorControl  = 1
ServiceBinary = %13%\contososvc.exe
```

## Use instead
```inf
[Contoso_Service]
ServiceType   = 0x10
StartType     = 2
ErrorControl  = 1
ServiceBinary = %13%\contososvc.exe
```

## Source
InfVerif 1252; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive,
learn.microsoft.com/windows/win32/api/winsvc/nf-winsvc-createservicew (dwStartType).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import (
    SERVICE_BOOT_START,
    SERVICE_SYSTEM_START,
    SERVICE_WIN32_OWN_PROCESS,
    SERVICE_WIN32_SHARE_PROCESS,
    service_installs,
    service_number,
)

CODE = "IV1252"
NAME = "win32-service-started-at-boot"
SEVERITY = "warning"
INFVERIF = (1252,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for install in service_installs(ctx.index):
        _, service_type = service_number(install, "ServiceType")
        value, start_type = service_number(install, "StartType")
        if service_type is None or value is None or start_type not in (SERVICE_BOOT_START, SERVICE_SYSTEM_START):
            continue
        if service_type & (SERVICE_WIN32_OWN_PROCESS | SERVICE_WIN32_SHARE_PROCESS):
            yield ctx.report(
                value.span,
                f"[{install.sections[0].name}] is a Win32 service (ServiceType = {service_type:#x}), which cannot "
                f"start at {'boot' if start_type == SERVICE_BOOT_START else 'system start'}; "
                "use StartType = 2 (automatic) or 3 (on demand)",
            )
