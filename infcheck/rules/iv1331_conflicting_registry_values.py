r"""Two install sections set the same global registry value to different data.

## What it does
Reports an `AddReg` line that sets a value outside `HKR` (under `HKLM`,
`HKCR`, `HKCU` or `HKU`) which an add-registry line applied by another
install section sets to different data or with a different type, when both
install sections can apply on the same architecture. The finding is on the
later line.

## Why is this bad?
`HKR` is private to each device, but the other roots are shared: Windows may
process a package's install sections in any order, so the value ends up
holding whichever write came last. InfVerif warns under `/k` and rejects the
INF under `/u` and `/w`.

## Example
```inf
[Reg_A]
HKLM,Software\Contoso,Mode,0x00010001,1
[Reg_B]
HKLM,Software\Contoso,Mode,0x00010001,2
```

## Use instead
```inf
[Reg_A]
HKR,Parameters,Mode,0x00010001,1
[Reg_B]
HKR,Parameters,Mode,0x00010001,2
```

## Source
InfVerif 1331; learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import RegistryWrite, may_install_together, package_model, registry_writes

CODE = "IV1331"
NAME = "conflicting-registry-values"
SEVERITY = "error"
INFVERIF = (1331,)
TRIGGERS = ("addreg",)

_SHARED_ROOTS = frozenset({"HKLM", "HKCR", "HKCU", "HKU"})
_KEY_ONLY = 0x10  # FLG_ADDREG_KEYONLY: creates the key, sets no value
_NO_CLOBBER = 0x2  # FLG_ADDREG_NOCLOBBER changes when, not what, a value is written


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    by_value: dict[tuple[str, str, str], list[RegistryWrite]] = {}
    for write in registry_writes(model):
        operation = write.operation
        flags = operation.flags or 0
        if operation.root not in _SHARED_ROOTS or flags & _KEY_ONLY:
            continue
        key = (operation.root, operation.subkey.strip("\\").lower(), operation.value_name.lower())
        earlier = by_value.setdefault(key, [])
        clash = next(
            (
                other
                for other in earlier
                if _data(other) != _data(write)
                and may_install_together(model, other.install_section, write.install_section)
            ),
            None,
        )
        earlier.append(write)
        if clash is None:
            continue
        name = operation.value_name or "(default)"
        subkey = operation.subkey.strip("\\")
        yield ctx.report(
            operation.entry.span,
            f"{operation.root}\\{subkey}\\{name} is set here for [{write.install_section.name}] "
            f"and differently on line {clash.operation.entry.line} for [{clash.install_section.name}]; "
            "the result depends on the order Windows installs them, so write the same data or use HKR",
        )


def _data(write: RegistryWrite) -> tuple[int, tuple[str, ...]]:
    operation = write.operation
    return ((operation.flags or 0) & ~_NO_CLOBBER, tuple(value.resolved.strip() for value in operation.values))
