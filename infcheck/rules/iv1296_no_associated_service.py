r"""A device's install section adds no function driver service.

## What it does
For each Models entry that lists a device ID, looks at the install section
Windows picks for it and that section's `.Services` section: reports the
entry when no `AddService` there carries the SPSVCINST_ASSOCSERVICE flag
(0x2) and the section brings in no other INF's services with
`Include`/`Needs`. `AddService = ,2` (no service: a device without a driver)
counts. Extension INFs (`Class = Extension`) are left alone, and so are the
classes whose class installer supplies the function driver or which install
network components rather than devices (`Modem`, `NetService`, `NetTrans`,
`NetClient`).

## Why is this bad?
Without an associated service the device has no function driver and
Windows cannot start it. InfVerif rejects the package.

## Example
```inf
[Contoso.NTamd64]
%Device.Desc% = Device_Install, ROOT\ContosoDevice
[Device_Install.NTamd64]
CopyFiles = Driver_Files
```

## Use instead
```inf
[Contoso.NTamd64]
%Device.Desc% = Device_Install, ROOT\ContosoDevice
[Device_Install.NTamd64]
CopyFiles = Driver_Files
[Device_Install.NTamd64.Services]
AddService = ContosoDevice, 0x00000002, Contoso_Service
```

## Source
InfVerif 1296; learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1296"
NAME = "no-associated-service"
SEVERITY = "error"
INFVERIF = (1296,)
# Install targets come from the Models sections [Manufacturer] names.
TRIGGERS = ("[manufacturer]",)

# Extension INFs add to another INF's install; the modem class installer adds modem.sys; the network
# classes install protocol, service and client components whose IDs (MS_...) name no device.
EXEMPT_CLASSES = frozenset({"extension", "modem", "netservice", "nettrans", "netclient"})


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    index = ctx.index
    if (index.version.text("class") or "").strip('"').lower() in EXEMPT_CLASSES:
        return
    model = package_model(index)
    reported: set[tuple[str, str]] = set()
    verdicts: dict[str, bool] = {}
    for target in model.install_targets:
        ids = target.models_entry.ids
        if not ids:
            continue
        section = target.section_name
        has_service = verdicts.get(section.lower())
        if has_service is None:
            has_service = verdicts[section.lower()] = _has_associated_service(model, target)
        first = ids[0]
        key = (section.lower(), first.hardware_id.text.lower())
        if has_service or key in reported:
            continue
        reported.add(key)
        yield ctx.report(
            first.span,
            f"{first.kind} '{first.hardware_id.text}' gets no function driver from [{section}]: add "
            f"AddService = name, 0x00000002, service-section to [{section}.Services] (or AddService = ,2 for none)",
        )


def _has_associated_service(model, target):
    services = target.siblings.get("services")
    if services is None:
        return False
    if any(service.is_associated for service in model.add_services_in(services)):
        return True
    return bool(model.directives_in(services, "needs"))
