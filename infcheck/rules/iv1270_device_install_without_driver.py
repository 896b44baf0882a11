r"""[DeviceInstall32] creates devices this INF installs no driver for.

## What it does
For each `AddDevice` of `[DeviceInstall32]`, reads the `HardwareIds` of the
device-install section it names and reports the directive when none of them
is a hardware or compatible ID of a Models entry of the INF.

## Why is this bad?
Windows creates the software device and then looks for a driver for it. An
INF that creates a device is expected to install its driver too; otherwise
the device stays without one. InfVerif rejects the INF.

## Example
```inf
[DeviceInstall32]
AddDevice = ROOT, , Contoso_Device_Install

[Contoso_Device_Install]
HardwareIds = ROOT\ContosoVirtual
```

## Use instead
```inf
[Contoso.NTamd64]
%Contoso.DeviceDesc% = Contoso_Install, ROOT\ContosoVirtual
```

## Source
InfVerif 1270; learn.microsoft.com/windows-hardware/drivers/install/inf-deviceinstall32-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import first_keys

CODE = "IV1270"
NAME = "device-install-without-driver"
SEVERITY = "error"
INFVERIF = (1270,)
# The AddDevice lines of [DeviceInstall32].
TRIGGERS = ("adddevice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    index, document = ctx.index, ctx.document
    installed = {device_id.value.resolved.strip().lower() for device_id in index.all_device_ids}
    for entry in document.entries_in("deviceinstall32"):
        if entry.key_lower != "adddevice":
            continue
        section_value = entry.value(2)
        name = section_value.resolved.strip() if section_value is not None else ""
        sections = document.sections_named(name) if name else []
        ids_entry = first_keys(sections).get("hardwareids")
        if ids_entry is None:
            continue
        ids = [value.resolved.strip().lower() for value in ids_entry.values if not value.is_empty]
        if ids and not any(device_id in installed for device_id in ids):
            key = entry.key_span
            yield ctx.report(
                key if key is not None else entry.span,
                f"the device [{name}] creates ({', '.join(v.resolved.strip() for v in ids_entry.values)}) "
                "matches no Models entry of this INF; add a Models entry that installs its driver",
            )
