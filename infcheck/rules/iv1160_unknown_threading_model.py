r"""A COM class gives a threading model COM does not know.

## What it does
Reports a threading model other than `Apartment`, `Free`, `Both` or
`Neutral`: the `ThreadingModel` value an AddReg line writes under a class's
`InprocServer32` key, or a `ThreadingModel` entry of a COM class section.

## Why is this bad?
COM reads the threading model to decide in which apartment the class's
objects are created. An unknown value makes COM treat the class as
single-threaded, which can deadlock or slow down its callers; InfVerif
rejects it.

## Example
```inf
[Contoso_Com_AddReg]
HKR, Classes\CLSID\%Contoso_CLSID%\InProcServer32, ThreadingModel, , "Multi"
```

## Use instead
```inf
[Contoso_Com_AddReg]
HKR, Classes\CLSID\%Contoso_CLSID%\InProcServer32, ThreadingModel, , "Both"
```

## Source
InfVerif 1160; learn.microsoft.com/windows-hardware/drivers/install/inf-addcomserver-directive,
learn.microsoft.com/windows/win32/com/inprocserver32.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_facts import rare_directive
from infcheck.package_model import package_model

CODE = "IV1160"
NAME = "unknown-threading-model"
SEVERITY = "error"
INFVERIF = (1160,)
# A ThreadingModel directive, or an AddReg line writing a ThreadingModel value.
TRIGGERS = ("addreg", "threadingmodel")

THREADING_MODELS = ("apartment", "free", "both", "neutral")
_IN_PROCESS_SERVER = "\\inprocserver32"


def _message(text: str, com_class: str) -> str:
    return f"threading model '{text}' of {com_class} is not one COM knows; use Apartment, Free, Both or Neutral"


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for entry in rare_directive(ctx.index, "threadingmodel"):
        value = entry.value(0)
        if value is None:
            continue
        text = value.resolved.strip().strip('"')
        if "%" not in text and text.lower() not in THREADING_MODELS:
            yield ctx.report(value.span, _message(text, "this COM class"))
    for operation in package_model(ctx.index).registry_operations:
        if operation.directive != "addreg" or operation.value_name.lower() != "threadingmodel" or not operation.values:
            continue
        if not operation.subkey.rstrip("\\").lower().endswith(_IN_PROCESS_SERVER):
            continue
        value = operation.values[0]
        text = value.resolved.strip().strip('"')
        if text and "%" not in text and text.lower() not in THREADING_MODELS:
            com_class = operation.subkey.rstrip("\\")[: -len(_IN_PROCESS_SERVER)].rsplit("\\", 1)[-1]
            yield ctx.report(value.span, _message(text, f"COM class {com_class}"))
