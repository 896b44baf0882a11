r"""A service runs an inbox driver binary instead of taking it from its inbox INF.

## What it does
Reports a `ServiceBinary` (in a service-install section an `AddService`
names) whose file is one of the inbox drivers Microsoft documents as reachable
only through `Include` and `Needs`: the UMDF reflector `WUDFRd.sys` (from
wudfrd.inf) and the HID minidriver shim `mshidkmdf.sys` (from mshidkmdf.inf).

Microsoft's requirement holds from Windows 11 (build 22000) on, so a service
reached only from Models sections that Windows 11 passes over (the same
[Manufacturer] line names a section for build 22000 or later on the same
architecture) is left alone: that is how Microsoft's own samples keep the old
form for Windows 10. Other inbox binaries InfVerif may refuse the same way
are not published, so they are left alone too.

## Why is this bad?
From Windows 11 on, a package may not define its own service around an inbox
binary: the inbox INF owns that service and its settings, and the package must
take them with `Include` and `Needs` so they stay in step with Windows.

## Example
```inf
[Contoso_Install.NT.Services]
AddService = WUDFRd, 0x000001fa, WUDFRD_ServiceInstall
[WUDFRD_ServiceInstall]
ServiceBinary = %12%\WUDFRd.sys
```

## Use instead
```inf
[Contoso_Install.NT.Services]
Include = wudfrd.inf
Needs   = WUDFRD.NT.Services
```

## Source
InfVerif 2650; learn.microsoft.com/windows-hardware/drivers/devtest/inf-verif-error-2084 ("Inbox Binary")
and learn.microsoft.com/windows-hardware/drivers/wdf/specifying-the-reflector-in-an-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Section
from infcheck.engine import DocumentContext
from infcheck.facets.models import ModelsSection
from infcheck.package_model import PackageModel, family_base, package_model
from infcheck.rules._infverif import service_binaries

CODE = "IV2650"
NAME = "inbox-binary-used-directly"
SEVERITY = "error"
INFVERIF = (2650,)
# The service-install sections read are those AddService lines name.
TRIGGERS = ("addservice",)

# Inbox binary (lower case) -> (the INF that installs it, the section to Need for a function driver).
INBOX_BINARIES: dict[str, tuple[str, str]] = {
    "wudfrd.sys": ("wudfrd.inf", "WUDFRD.NT.Services"),
    "mshidkmdf.sys": ("mshidkmdf.inf", "MsHidKmdf.NT.Services"),
}


WINDOWS_11_BUILD = 22000


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not ctx.index.directive("addservice"):
        return
    model = package_model(ctx.index)
    for value in service_binaries(ctx.index):
        path = value.resolved.strip().strip('"')
        name = path.replace("/", "\\").rsplit("\\", 1)[-1].lower()
        inbox = INBOX_BINARIES.get(name)
        if inbox is None or _only_before_windows_11(model, value.entry.section):
            continue
        yield ctx.report(
            value.span,
            f"{path.rsplit(chr(92), 1)[-1]} is an inbox driver; do not install a service for it, write "
            f"Include = {inbox[0]} and Needs = {inbox[1]} (or the matching section) in the .Services section",
        )


def _only_before_windows_11(model: PackageModel, service_section: Section | None) -> bool:
    """Whether every install section whose AddService names this service-install section is picked
    only by Models sections that Windows 11 passes over for a newer one of the same line."""
    if service_section is None:
        return False
    name = service_section.name
    bases = {
        family_base(service.section_key)
        for service in model.add_services
        if service.install_section is not None and service.install_section.lower() == name.lower()
    }
    targets = [target for target in model.install_targets if family_base(target.section_name) in bases]
    return bool(targets) and all(_passed_over_on_windows_11(target.models_entry.models) for target in targets)


def _passed_over_on_windows_11(models: ModelsSection) -> bool:
    own = models.decoration.target if models.decoration is not None else None
    if own is not None and _from_windows_11(own.major, own.minor, own.build):
        return False
    architecture = own.architecture if own is not None else None
    return any(
        _from_windows_11(other.target.major, other.target.minor, other.target.build)
        and other.target.architecture == architecture
        for other in models.manufacturer_line.decorations
    )


def _from_windows_11(major: int | None, minor: int | None, build: int | None) -> bool:
    if major is None:
        return False
    version = (major, minor or 0)
    return version > (10, 0) or (version == (10, 0) and build is not None and build >= WINDOWS_11_BUILD)
