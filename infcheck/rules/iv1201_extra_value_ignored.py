r"""An entry gives more fields than its documented syntax takes.

## What it does
Reports the first non-empty value past the last field of an entry whose
syntax Microsoft documents with a fixed number of fields:

| Entry | Fields |
|---|---|
| `[DestinationDirs]` line | 2: `dirid[,subdir]` |
| `[SourceDisksFiles]` line | 3: `diskid[,subdir][,size]` |
| `[SourceDisksNames]` line | 6: `description[,tag-or-cab][,unused][,path][,flags][,tag-file]` |
| file-list line of a `CopyFiles` section | 4: `destination[,source][,unused][,flag]` |
| `AddService` | 6: `name,flags,install-section,event-log-section,event-log-type,event-name` |
| `DisplayName`, `Description`, `ServiceType`, `StartType`, `ErrorControl`, `ServiceBinary`, `LoadOrderGroup`, `StartName` in a service-install section | 1 |

Empty trailing fields (`file.sys = 1,,`) are not values and are left alone.
Entries whose syntax is open-ended (Models lines, `AddReg` lines, lists of
sections) are not judged; InfVerif may judge more entries than these.

## Why is this bad?
Windows reads the documented fields and drops the rest without a word. An
extra field is usually a comma that was meant to be part of the text (an
unquoted display name such as `Contoso, Inc. Driver`) or a value written one
field too far, so what gets installed is not what the line says.

## Example
```inf
[Contoso_Service]
DisplayName = Contoso, Inc. Sensor Driver
```

## Use instead
```inf
[Contoso_Service]
DisplayName = "Contoso, Inc. Sensor Driver"
```

## Source
InfVerif 1201; learn.microsoft.com/windows-hardware/drivers/install/ inf-destinationdirs-section,
inf-sourcedisksfiles-section, inf-sourcedisksnames-section, inf-copyfiles-directive,
inf-addservice-directive (the syntax of each entry).
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Entry
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1201"
NAME = "extra-value-ignored"
SEVERITY = "warning"
INFVERIF = (1201,)
# The lines it counts: [DestinationDirs], the source-disk sections, CopyFiles file lists and AddService.
TRIGGERS = ("[destinationdirs]", "[sourcedisksfiles]", "[sourcedisksnames]", "addservice", "copyfiles")

# Keys of a service-install section that take exactly one value (inf-addservice-directive).
SINGLE_VALUE_SERVICE_KEYS = frozenset(
    {
        "displayname",
        "description",
        "servicetype",
        "starttype",
        "errorcontrol",
        "servicebinary",
        "loadordergroup",
        "startname",
    }
)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry, fields, what in _overlong_entries(ctx):
        extra = next((value for value in entry.values[fields:] if not value.is_empty), None)
        if extra is None:
            continue
        yield ctx.report(
            extra.span,
            f"'{extra.raw.strip()}' comes after the {fields} field{'s' if fields > 1 else ''} {what} takes, so "
            "Windows ignores it; remove it, or quote the text if the comma belongs in it",
        )


def _overlong_entries(ctx: DocumentContext) -> Iterator[tuple[Entry, int, str]]:
    """Each entry with a fixed number of fields that has more values than that, with the number
    and what to call the entry. Nearly every line has nothing after the fields it takes, so the
    count is looked at before anything else."""
    document = ctx.index.document
    for entry in document.entries_in("destinationdirs"):
        if entry.key is not None and len(entry.values) > 2:
            yield entry, 2, "a [DestinationDirs] line"
    model = package_model(ctx.index)
    for source_file in model.source_disks_files:
        if len(source_file.entry.values) > 3:
            yield source_file.entry, 3, "a [SourceDisksFiles] line"
    for disk in model.source_disks:
        if len(disk.entry.values) > 6:
            yield disk.entry, 6, "a [SourceDisksNames] line"
    seen: set[int] = set()
    for copy in model.file_copies:
        entry = copy.entry
        if len(entry.values) > 4 and copy.list_section is not None and id(entry) not in seen:
            seen.add(id(entry))
            yield entry, 4, "a CopyFiles file-list line"
    install_sections: set[str] = set()
    for service in model.add_services:
        if len(service.entry.values) > 6:
            yield service.entry, 6, "AddService"
        if service.install_section is not None:
            install_sections.add(service.install_section.lower())
    for name in sorted(install_sections):
        for entry in document.entries_in(name):
            if entry.key_lower in SINGLE_VALUE_SERVICE_KEYS and len(entry.values) > 1:
                yield entry, 1, f"{entry.key}"
