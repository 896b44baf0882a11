r"""A service-install section gives ServiceType, StartType or ErrorControl a value Windows does not know.

## What it does
For each section an `AddService` names as its service-install section,
reports a `ServiceType` that is not a number, a `StartType` that is not 0 to
4 and an `ErrorControl` that is not 0 to 3, after string substitution.

## Why is this bad?
Windows stores these numbers in the service's key as they are: a start type
or error control it does not define leaves a service the service control
manager cannot start or recover. InfVerif rejects the section.

## Example
```inf
[Contoso_Service]
ServiceType   = 1
StartType     = demand
ErrorControl  = 5
ServiceBinary = %13%\contoso.sys
```

## Use instead
```inf
[Contoso_Service]
ServiceType   = 1
StartType     = 3
ErrorControl  = 1
ServiceBinary = %13%\contoso.sys
```

## Source
InfVerif 1014; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import service_installs, service_number

CODE = "IV1014"
NAME = "invalid-service-value"
SEVERITY = "error"
INFVERIF = (1014,)
# Service-install sections are those AddService names.
TRIGGERS = ("addservice",)

# key -> (highest value Windows defines or None for any number, what the values mean)
_KEYS = {
    "ServiceType": (None, "a number such as 1 (kernel driver) or 0x10 (Win32 service)"),
    "StartType": (4, "0 (boot), 1 (system), 2 (automatic), 3 (on demand) or 4 (disabled)"),
    "ErrorControl": (3, "0 (ignore), 1 (normal), 2 (severe) or 3 (critical)"),
}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for install in service_installs(ctx.index):
        for key, (highest, meaning) in _KEYS.items():
            value, number = service_number(install, key)
            if value is None or value.is_empty:
                continue  # IV1013 reports a missing value
            if number is None or (highest is not None and number > highest):
                yield ctx.report(
                    value.span, f"{key} = {value.resolved.strip()} is not a value Windows defines; use {meaning}"
                )
