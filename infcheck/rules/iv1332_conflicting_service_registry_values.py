r"""Two service-install sections for one service set the same value differently.

## What it does
For each service several `AddService` directives install, compares the
add-registry lines their service-install sections apply under `HKR` (the
service's own key). Reports a line that sets a value which another
service-install section of the same service sets to different data or with a
different type, when both `AddService` directives can apply on the same
system. The finding is on the later line.

## Why is this bad?
The service has one registry key, whatever section configures it. Windows may
process the install sections in any order, so the value ends up holding
whichever write came last. InfVerif warns under `/k` and rejects the INF
under `/u` and `/w`.

## Example
```inf
[Port_Service]
AddReg = Port_Service_AddReg
[Bus_Service]
AddReg = Bus_Service_AddReg

[Port_Service_AddReg]
HKR, Parameters, Mode, 0x00010001, 1
[Bus_Service_AddReg]
HKR, Parameters, Mode, 0x00010001, 2
```

## Use instead
```inf
[Port_Service_AddReg]
HKR, Parameters, Mode, 0x00010001, 1
[Bus_Service_AddReg]
HKR, Parameters, Mode, 0x00010001, 1
```

## Source
InfVerif 1332; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import AddService, RegistryWrite, may_install_together, package_model, registry_writes

CODE = "IV1332"
NAME = "conflicting-service-registry-values"
SEVERITY = "error"
INFVERIF = (1332,)
# The AddReg of the service-install sections an AddService names.
TRIGGERS = ("addservice",)

_KEY_ONLY = 0x10  # FLG_ADDREG_KEYONLY: creates the key, sets no value
_NO_CLOBBER = 0x2  # FLG_ADDREG_NOCLOBBER changes when, not what, a value is written


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    if not model.add_services:
        return  # the registry writes are grouped only for a file that adds a service
    writes_by_section: dict[str, list[RegistryWrite]] = {}
    for write in registry_writes(model):
        writes_by_section.setdefault(write.install_section.key, []).append(write)
    # (service, subkey, value name) -> the writes seen so far, with the AddService applying them
    seen: dict[tuple[str, str, str], list[tuple[AddService, RegistryWrite]]] = {}
    done: set[tuple[str, str]] = set()
    for service in model.add_services:
        name, section = service.install_section, service.entry.section
        if not service.name or name is None or section is None or (service.name.lower(), name.lower()) in done:
            continue
        done.add((service.name.lower(), name.lower()))
        for write in writes_by_section.get(name.strip().lower(), []):
            operation = write.operation
            if operation.root != "HKR" or (operation.flags or 0) & _KEY_ONLY:
                continue
            key = (service.name.lower(), operation.subkey.strip("\\").lower(), operation.value_name.lower())
            earlier = seen.setdefault(key, [])
            clash = next(
                (
                    (other_service, other)
                    for other_service, other in earlier
                    if other.install_section.key != write.install_section.key
                    and _data(other) != _data(write)
                    and other_service.entry.section is not None
                    and may_install_together(model, other_service.entry.section, section)
                ),
                None,
            )
            earlier.append((service, write))
            if clash is None:
                continue
            _, other = clash
            value = operation.value_name or "(default)"
            subkey = operation.subkey.strip("\\")
            path = f"{subkey}\\{value}" if subkey else value
            yield ctx.report(
                operation.entry.span,
                f"service '{service.name}' gets {path} from [{write.install_section.name}] here and different "
                f"data on line {other.operation.entry.line} from [{other.install_section.name}]; the result "
                "depends on the order Windows installs them, so write the same data",
            )


def _data(write: RegistryWrite) -> tuple[int, tuple[str, ...]]:
    operation = write.operation
    return ((operation.flags or 0) & ~_NO_CLOBBER, tuple(value.resolved.strip() for value in operation.values))
