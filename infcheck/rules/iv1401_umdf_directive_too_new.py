"""A UMDF directive newer than the UMDF version the driver asks for.

## What it does
Reports a directive of a `[DDInstall.Wdf]` section that Microsoft documents
as supported only from a given UMDF version on, when every `UmdfService` of
that section names a service-install section whose `UmdfLibraryVersion` is
older:

| Directive | Supported from UMDF |
|---|---|
| `UmdfKernelModeClientPolicy` | 1.9 |
| `UmdfHostProcessSharing`, `UmdfDirectHardwareAccess`, `UmdfRegisterAccessMode`, `UmdfFileObjectPolicy`, `UmdfFsContextUsePolicy` | 1.11 |
| `UmdfHostPriority` | 2.15 |

A section whose versions cannot be read (a `$UMDFVERSION$` placeholder, a
string token without a value) is left alone.

## Why is this bad?
The framework version the driver binds to does not read the directive, so the
setting it asks for (device pooling, hardware access, kernel-mode clients...)
silently does not apply.

## Example
```inf
[Echo_Device.NT.Wdf]
UmdfService = Echo, Echo_Service
UmdfDirectHardwareAccess = AllowDirectHardwareAccess
[Echo_Service]
UmdfLibraryVersion = 1.9.0
```

## Use instead
```inf
[Echo_Service]
UmdfLibraryVersion = 2.15.0
```

## Source
InfVerif 1401; learn.microsoft.com/windows-hardware/drivers/wdf/specifying-wdf-directives-in-inf-files
(the version each UMDF directive is supported from).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext

CODE = "IV1401"
NAME = "umdf-directive-too-new"
SEVERITY = "error"
INFVERIF = (1401,)
TRIGGERS = ("umdfservice",)

# The first UMDF version that supports each directive, as specifying-wdf-directives-in-inf-files states it.
SUPPORTED_FROM: dict[str, tuple[int, int]] = {
    "umdfkernelmodeclientpolicy": (1, 9),
    "umdfhostprocesssharing": (1, 11),
    "umdfdirecthardwareaccess": (1, 11),
    "umdfregisteraccessmode": (1, 11),
    "umdffileobjectpolicy": (1, 11),
    "umdffscontextusepolicy": (1, 11),
    "umdfhostpriority": (2, 15),
}


def _version(text: str) -> tuple[int, int] | None:
    """``major.minor[.build]`` as (major, minor); ``None`` when it is not written out in numbers."""
    parts = text.strip().strip('"').split(".")
    if len(parts) < 2 or not all(part.strip().isdigit() for part in parts[:2]):
        return None
    return int(parts[0]), int(parts[1])


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    services = ctx.index.directive("umdfservice")
    if not services:
        return
    document = ctx.index.document
    versions_by_section: dict[int, list[tuple[int, int] | None]] = {}
    sections = {}
    for service in services:
        section = service.section
        if section is None:
            continue
        sections[id(section)] = section
        target = service.value(1)
        version = None
        if target is not None and target.resolved.strip():
            for entry in document.entries_in(target.resolved.strip()):
                written = entry.value(0) if entry.key_lower == "umdflibraryversion" else None
                if written is not None:
                    version = _version(written.resolved)
        versions_by_section.setdefault(id(section), []).append(version)
    for key, versions in versions_by_section.items():
        if not versions or None in versions:
            continue
        newest = max(v for v in versions if v is not None)
        for entry in sections[key].entries:
            minimum = SUPPORTED_FROM.get(entry.key_lower or "")
            if minimum is None or newest >= minimum:
                continue
            yield ctx.report(
                entry.key_span or entry.span,
                f"{entry.key} needs UMDF {minimum[0]}.{minimum[1]} or later, but the driver asks for UMDF "
                f"{newest[0]}.{newest[1]}; raise UmdfLibraryVersion or remove the directive",
            )
