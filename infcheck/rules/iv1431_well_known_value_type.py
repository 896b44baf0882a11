"""A device property value set through the registry with the wrong type.

## What it does
Reports an `HKR,,<name>` line of an add-registry section that a
`[DDInstall.HW]` or `[ClassInstall32]` section applies, the two places device
object properties are set from, when it sets one of the value names Microsoft
documents as special keywords of `AddReg` with a type other than the
documented one:

| Value | Type (flags) |
|---|---|
| `DeviceCharacteristics`, `DeviceType`, `Exclusive` | REG_DWORD (`0x00010001`) |
| `UpperFilters`, `LowerFilters` | REG_MULTI_SZ (`0x00010000`) |
| `Security` | REG_SZ (`0x00000000`) |

Only the type bits of the flags count (`0x00010008`, an appended
REG_MULTI_SZ, is still REG_MULTI_SZ). A line whose flags cannot be read is
left alone, and so is the same name under a driver's software key, where a
class may give it a meaning of its own (modems keep a binary `DeviceType`).

## Why is this bad?
Windows reads these values into device properties of a fixed type: a
characteristics mask written as a string, or a filter list written as one
string, is not what the PnP manager expects and the setting does not take
effect as written.

## Example
```inf
[Contoso_HW_AddReg]
HKR,,DeviceCharacteristics,0,0x100
HKR,,UpperFilters,0,contoso_filter
```

## Use instead
```inf
[Contoso_HW_AddReg]
HKR,,DeviceCharacteristics,0x10001,0x100
HKR,,UpperFilters,0x10000,contoso_filter
```

## Source
InfVerif 1431; learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive
("Special value-entry-name keywords"), and
learn.microsoft.com/windows-hardware/drivers/kernel/setting-device-object-registry-properties-during-installation.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import (
    FLG_ADDREG_TYPE_DWORD,
    FLG_ADDREG_TYPE_MULTI_SZ,
    REG_TYPE_MASK,
)
from infcheck.package_model import family_suffix, package_model, registry_writes

CODE = "IV1431"
NAME = "well-known-value-type"
SEVERITY = "error"
INFVERIF = (1431,)
TRIGGERS = ("addreg",)

FLG_ADDREG_TYPE_SZ = 0x00000000

# Value name (lower case) -> (name as documented, the type flags the AddReg page gives it, type name).
WELL_KNOWN_TYPES: dict[str, tuple[str, int, str]] = {
    "devicecharacteristics": ("DeviceCharacteristics", FLG_ADDREG_TYPE_DWORD, "REG_DWORD"),
    "devicetype": ("DeviceType", FLG_ADDREG_TYPE_DWORD, "REG_DWORD"),
    "exclusive": ("Exclusive", FLG_ADDREG_TYPE_DWORD, "REG_DWORD"),
    "upperfilters": ("UpperFilters", FLG_ADDREG_TYPE_MULTI_SZ, "REG_MULTI_SZ"),
    "lowerfilters": ("LowerFilters", FLG_ADDREG_TYPE_MULTI_SZ, "REG_MULTI_SZ"),
    "security": ("Security", FLG_ADDREG_TYPE_SZ, "REG_SZ"),
}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not ctx.index.directive("addreg"):
        return
    for write in registry_writes(package_model(ctx.index)):
        operation = write.operation
        if operation.root != "HKR" or operation.subkey or not _sets_device_properties(write.install_section.name):
            continue
        known = WELL_KNOWN_TYPES.get(operation.value_name.strip('"').lower())
        if known is None:
            continue
        flags_value = operation.entry.value(3)
        flags = 0 if flags_value is None or not flags_value.resolved.strip() else operation.flags
        if flags is None or flags & REG_TYPE_MASK == known[1]:
            continue
        span = flags_value.span if flags_value is not None and not flags_value.is_empty else operation.entry.span
        yield ctx.report(
            span,
            f"{known[0]} is read as a {known[2]} value but this line writes type 0x{flags & REG_TYPE_MASK:08X}; "
            f"set the flags to 0x{known[1]:08X}",
        )


def _sets_device_properties(section_name: str) -> bool:
    """Whether HKR in this install section is a key Windows reads device object properties from."""
    return family_suffix(section_name) == "hw" or section_name.lower().startswith("classinstall32")
