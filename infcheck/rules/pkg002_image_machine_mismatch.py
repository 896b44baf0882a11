r"""An image the INF copies for one architecture is built for another, or a kernel driver is not a driver image.

## What it does
Reads the PE headers (with pefile) of each `.sys`, `.dll` and `.exe` the INF
copies for an architecture (from the `.NT<arch>` decoration of the copying
section, or the `[SourceDisksFiles.<arch>]` section that lists the file) and
reports one whose machine type is another architecture's (x86, amd64, arm64),
or that is not a Windows image at all. When every architecture reads the file
from the same place (undecorated `[SourceDisksFiles]` and `[SourceDisksNames]`),
the folder is taken for a package built for one of them, and the image must
be built for one of the architectures the INF copies it for. A service whose `ServiceType` is a
kernel driver (1) or file-system driver (2) must have a native image
(subsystem 1) as its `ServiceBinary`.

## Why is this bad?
Windows refuses to load an image built for another machine: the device gets
code 39 or the service fails to start. A `.sys` built for x64 listed under
`[SourceDisksFiles.arm64]` installs without complaint and then fails on every
arm64 system.

## Example
```inf
[SourceDisksFiles.arm64]
contoso.sys = 1,arm64   ; arm64\contoso.sys is an x64 build
```

## Use instead
```inf
[SourceDisksFiles.arm64]
contoso.sys = 1,arm64   ; built for ARM64
```

## Source
learn.microsoft.com/windows/win32/debug/pe-format (Machine Types, Windows Subsystem);
learn.microsoft.com/windows-hardware/drivers/install/inf-addservice-directive (ServiceType).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext
from infcheck.pe import IMAGE_SUBSYSTEM_NATIVE, MACHINE_TYPES, is_image_name

CODE = "PKG002"
NAME = "image-machine-mismatch"
SEVERITY = "error"
SCOPE = "package"


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    if ctx.facts.is_stampinf_source:
        return  # an .inx file or an INF stampinf still fills in: a template, built into a package elsewhere
    package = ctx.package
    reported: set[tuple[object, str]] = set()
    located_by_destination: dict[str, str] = {}
    for copy in ctx.facts.copies:
        if not is_image_name(copy.name):
            continue
        located = package.locate(copy.relative_path)
        if located is None:
            continue  # PKG001
        located_by_destination.setdefault(copy.destination_name.lower(), located)
        headers = package.image_headers(located)
        if isinstance(headers, str):
            if (copy.listed_span, located) not in reported:
                reported.add((copy.listed_span, located))
                yield ctx.report(copy.listed_span, f"'{located}' {headers}; the INF copies it as a Windows image")
            continue
        architecture = copy.architecture
        if architecture not in MACHINE_TYPES or headers.runs_on(architecture):
            continue
        wanted = [architecture]
        if not copy.architecture_specific:
            # One place for every architecture: a package folder built for one of them.
            wanted = sorted({other.architecture for other in ctx.facts.copies if other.span == copy.span} - {None})
            if any(headers.runs_on(other) for other in wanted):
                continue
        key = (copy.listed_span, architecture if copy.architecture_specific else None)
        if key in reported:
            continue
        reported.add(key)
        yield ctx.report(
            copy.listed_span,
            f"'{located}' is built for {headers.machine_name}, but the INF copies it for {' and '.join(wanted)} "
            f"(listed in [{copy.listed_section}]); put the {' or '.join(wanted)} build there",
        )
    for service in ctx.facts.services:
        if not service.is_kernel_driver:
            continue
        located = located_by_destination.get(service.binary_name.lower())
        if located is None:
            continue
        headers = package.image_headers(located)
        if isinstance(headers, str) or headers.subsystem == IMAGE_SUBSYSTEM_NATIVE:
            continue
        yield ctx.report(
            service.span,
            f"service '{service.name}' is a kernel-mode driver (ServiceType {service.service_type}), but its "
            f"binary '{located}' is not a native image (subsystem {headers.subsystem}); build it as a driver",
        )
