r"""A registry line changes HKLM\SYSTEM outside CurrentControlSet.

## What it does
Reports each line of an add-registry or delete-registry section whose root
is `HKLM` and whose subkey is `SYSTEM` itself or a key under it other than
`SYSTEM\CurrentControlSet`, such as `SYSTEM\ControlSet001` or
`SYSTEM\Setup`. The finding points at the subkey.

## Why is this bad?
`HKLM\SYSTEM\CurrentControlSet` is the control set Windows is running with;
the numbered control sets and the other keys beside it belong to the boot
and configuration machinery, which chooses, copies and replaces them. A
driver package that writes there changes a copy Windows may not use, or
state it does not own. InfVerif refuses every `HKLM\SYSTEM` key except
`CurrentControlSet`.

## Example
```inf
[Contoso_AddReg]
HKLM, SYSTEM\ControlSet001\Services\Contoso\Parameters, Mode, 0x00010001, 1
```

## Use instead
```inf
[Contoso_Service_AddReg]   ; named by AddReg in the service-install section
HKR, Parameters, Mode, 0x00010001, 1
```

## Source
InfVerif 1222 ("Cannot modify ...\\... registry keys, although HKLM\SYSTEM\CurrentControlSet is
allowed"): the message itself names CurrentControlSet as the one key allowed under HKLM\SYSTEM,
and this rule reports the others. learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive
(HKLM root, subkey field). Partial: InfVerif may protect other roots as well.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import package_model

CODE = "IV1222"
NAME = "system-key-outside-current-control-set"
SEVERITY = "error"
INFVERIF = (1222,)
# The registry operations are the lines of the sections AddReg and DelReg name.
TRIGGERS = ("addreg", "delreg")

_DIRECTIVE_NAMES = {"addreg": "AddReg", "delreg": "DelReg"}


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for operation in package_model(ctx.index).registry_operations:
        if operation.root != "HKLM":
            continue
        parts = [part for part in operation.subkey.split("\\") if part]
        if not parts or parts[0].lower() != "system":
            continue
        if len(parts) > 1 and parts[1].lower() == "currentcontrolset":
            continue
        subkey = operation.entry.value(1)
        key = "\\".join(parts[:2])
        yield ctx.report(
            subkey.span if subkey is not None else operation.entry.span,
            f"{_DIRECTIVE_NAMES[operation.directive]} changes HKLM\\{key}; Windows lets a driver package change only "
            "HKLM\\SYSTEM\\CurrentControlSet there, so write under CurrentControlSet (or HKR) instead",
        )
