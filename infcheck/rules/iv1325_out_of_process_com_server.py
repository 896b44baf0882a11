r"""An AddReg line registers a COM class server other than InprocServer32.

## What it does
Reports an add-registry line that writes a `LocalServer32`, `LocalServer`,
`InprocHandler32`, `InprocHandler` or `InprocServer` key of a COM class,
`CLSID\{...}\<kind>`, under `HKCR`, `HKLM\SOFTWARE\Classes` or `HKR\Classes`.

## Why is this bad?
A driver package may register COM classes only as in-process servers
(`InprocServer32`), loaded from a DLL it installs. Out-of-process servers
and handlers start programs or load code in ways driver installation does
not manage. InfVerif warns, and rejects them under `/w`.

## Example
```inf
[Contoso_Com_AddReg]
HKR, Classes\CLSID\%Contoso_CLSID%\LocalServer32, , 0x00020000, "%13%\ContosoServer.exe"
```

## Use instead
```inf
[Contoso_Com_AddReg]
HKR, Classes\CLSID\%Contoso_CLSID%\InprocServer32, , 0x00020000, "%13%\ContosoCom.dll"
HKR, Classes\CLSID\%Contoso_CLSID%\InprocServer32, ThreadingModel, , "Both"
```

## Source
InfVerif 1325; learn.microsoft.com/windows-hardware/drivers/develop/driver-isolation,
learn.microsoft.com/windows/win32/com/clsid-key-hklm.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1325"
NAME = "out-of-process-com-server"
SEVERITY = "warning"
INFVERIF = (1325,)
TRIGGERS = ("addreg",)

_CLASSES = {"HKCR": "", "HKLM": "software\\classes\\", "HKR": "classes\\"}
_SERVER_KEY = re.compile(
    r"^clsid\\[^\\]+\\(localserver32|localserver|inprochandler32|inprochandler|inprocserver)(?:\\|$)", re.IGNORECASE
)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        prefix = _CLASSES.get(operation.root)
        if operation.directive != "addreg" or prefix is None:
            continue
        subkey = operation.subkey.strip('"').lstrip("\\")
        if not subkey.lower().startswith(prefix):
            continue
        match = _SERVER_KEY.match(subkey[len(prefix) :])
        if match is None:
            continue
        field = operation.entry.value(1)
        kind = subkey[len(prefix) :][match.start(1) : match.end(1)]
        yield ctx.report(
            field.span if field is not None else operation.entry.span,
            f"a driver package may register COM classes only as InprocServer32, not {kind}; serve the class "
            "from a DLL registered under InprocServer32",
        )
