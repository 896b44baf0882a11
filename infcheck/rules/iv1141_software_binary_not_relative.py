r"""A SoftwareBinary that is not a path inside the driver package.

## What it does
Reports a `SoftwareBinary` entry (in a software-install section an
`AddSoftware` names) whose path is absolute (`C:\...`, `\...`, `\\server\...`),
starts with a DIRID other than 13 (`%16422%\...`, `%11%\...`) or climbs out
with `..`.

Microsoft's page shows the relative form (`SoftwareBinary =
ContosoControlPanel.exe`) and its DCHU sample writes `%13%\ContosoCtrlPnl.exe`,
the package's own folder in the driver store; both are accepted. That other
DIRIDs are what InfVerif's message ("path must be relative to referencing
driver package") refuses is infcheck's reading of it.

## Why is this bad?
Windows runs the binary from the package's folder in the driver store
(`<DriverStorePath>\<SoftwareBinary>`), so the entry names a file of the
package, relative to it. Any other path points outside the package, or
nowhere, once the package sits in the driver store.

## Example
```inf
[Contoso_Software]
SoftwareType   = 1
SoftwareBinary = %16422%\Contoso\setup.exe
```

## Use instead
```inf
[Contoso_Software]
SoftwareType   = 1
SoftwareBinary = setup.exe   ; copied with CopyFiles to DIRID 13
```

## Source
InfVerif 1141; learn.microsoft.com/windows-hardware/drivers/install/inf-addsoftware-directive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1141"
NAME = "software-binary-not-relative"
SEVERITY = "error"
INFVERIF = (1141,)
TRIGGERS = ("softwarebinary",)

_DRIVE = re.compile(r"^[A-Za-z]:")
_DIRID = re.compile(r"^%(-?\d+)%")
_DRIVER_STORE = 13


def _why_not_relative(path: str) -> str | None:
    dirid = _DIRID.match(path)
    if dirid is not None and int(dirid.group(1)) != _DRIVER_STORE:
        return "starts with a DIRID other than 13, the driver package's folder"
    if dirid is not None:
        path = path[dirid.end() :].lstrip("\\/")
    if _DRIVE.match(path) or path.startswith(("\\", "/")):
        return "is an absolute path"
    if ".." in re.split(r"[\\/]", path):
        return "leaves the package with '..'"
    return None


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in package_model(ctx.index).directive("softwarebinary"):
        value = entry.value(0)
        if value is None or value.is_empty:
            continue
        # The raw text keeps a DIRID token that string substitution may have left or expanded.
        path = value.resolved.strip().strip('"')
        raw = value.text.strip().strip('"')
        why = _why_not_relative(raw) or _why_not_relative(path)
        if why is None:
            continue
        yield ctx.report(
            value.span,
            f"SoftwareBinary '{path}' {why}; name the file relative to the driver package (for example "
            "setup.exe or %13%\\setup.exe) and copy it to DIRID 13",
        )
