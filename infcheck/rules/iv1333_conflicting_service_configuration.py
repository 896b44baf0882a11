"""Two install sections add the same service with different settings.

## What it does
Reports an `AddService` directive whose service-install section configures a
service differently from the service-install section another install
section gives the same service name (compared key by key, after string
substitution), when both install sections can apply on the same
architecture. The finding is on the later directive's service-install
section name.

## Why is this bad?
A service exists once on the system. Windows may process a package's install
sections in any order, so the service ends up configured by whichever came
last. InfVerif warns under `/k` and rejects the INF under `/u` and `/w`.

## Example
```inf
[Install_A.NTamd64.Services]
AddService = contoso, 0x2, Service_A
[Install_B.NTamd64.Services]
AddService = contoso, 0x2, Service_B
[Service_A]
StartType = 3
[Service_B]
StartType = 1
```

## Use instead
```inf
[Install_A.NTamd64.Services]
AddService = contoso, 0x2, Service_Install
[Install_B.NTamd64.Services]
AddService = contoso, 0x2, Service_Install
```

## Source
InfVerif 1333; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import AddService, PackageModel, may_install_together, package_model

CODE = "IV1333"
NAME = "conflicting-service-configuration"
SEVERITY = "error"
INFVERIF = (1333,)
TRIGGERS = ("addservice",)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    if len(model.add_services) < 2:
        return  # a clash takes two AddService lines
    by_name: dict[str, list[tuple[AddService, dict[str, tuple[str, ...]]]]] = {}
    # Only a service installed more than once can be configured two ways: the others' settings are never read.
    installs = Counter(service.name.lower() for service in model.add_services if service.name)
    for service in model.add_services:
        section = service.entry.section
        if not service.name or service.install_section is None or section is None:
            continue
        if installs[service.name.lower()] < 2:
            continue
        settings = _settings(model, service.install_section)
        if settings is None:
            continue
        earlier = by_name.setdefault(service.name.lower(), [])
        clash = next(
            (
                other
                for other, other_settings in earlier
                if other_settings != settings
                and other.entry.section is not None
                and may_install_together(model, other.entry.section, section)
            ),
            None,
        )
        earlier.append((service, settings))
        if clash is None:
            continue
        differing = sorted(
            key
            for key in settings.keys() | _settings_of(model, clash).keys()
            if settings.get(key) != _settings_of(model, clash).get(key)
        )
        yield ctx.report(
            service.entry.values[2].span,
            f"service '{service.name}' is configured by [{service.install_section}] here and differently by "
            f"[{clash.install_section}] (line {clash.entry.line}), in {', '.join(differing)}; "
            "the result depends on the order Windows installs them, so configure it the same way",
        )


def _settings_of(model: PackageModel, service: AddService) -> dict[str, tuple[str, ...]]:
    return _settings(model, service.install_section or "") or {}


def _settings(model: PackageModel, section_name: str) -> dict[str, tuple[str, ...]] | None:
    """Each key of a service-install section with its values (resolved, trimmed); ``None`` when it is missing."""
    install = model.service_install(section_name)
    if install is None:
        return None
    return {key: tuple(value.resolved.strip() for value in entry.values) for key, entry in install.keys.items()}
