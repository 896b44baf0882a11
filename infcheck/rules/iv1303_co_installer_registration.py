r"""An AddReg line registers a co-installer or a class installer.

## What it does
Reports each add-registry line that writes `CoInstallers32` (a co-installer)
or `Installer32` (a class installer), on the header of its add-registry
section, the line InfVerif names.

## Why is this bad?
Co-installers and class installers run the package's own code inside device
installation. Windows no longer supports them for new packages, Partner
Center does not sign packages that use them, and InfVerif rejects them. Do
the work in the driver, or in software added with `AddSoftware`.

## Example
```inf
[Contoso_CoInstaller_AddReg]
HKR, , CoInstallers32, 0x00010000, "contosoco.dll,CoInstallerEntry"
```

## Use instead
```inf
[Contoso_Install.NT.Software]
AddSoftware = ContosoTool, , Contoso_Software
```

## Source
InfVerif 1303; learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-coinstallers-section,
learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1303"
NAME = "co-installer-registration"
SEVERITY = "error"
INFVERIF = (1303,)
TRIGGERS = ("addreg",)

_INSTALLER_VALUES = {"coinstallers32": "co-installer", "installer32": "class installer"}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        kind = _INSTALLER_VALUES.get(operation.value_name.strip('"').lower())
        if operation.directive != "addreg" or kind is None:
            continue
        # InfVerif names the add-registry section's header, not the line (toastpkg.inf in
        # Windows-driver-samples pull request 936; tests/fixtures/infverif_real).
        yield ctx.report(
            operation.entry.section.name_span,
            f"{operation.value_name} registers a {kind}, which Windows no longer supports; move the work into "
            "the driver or into software installed with AddSoftware",
        )
