r"""A BitReg line gives a bit mask wider than one byte.

## What it does
In the sections a `BitReg` directive names, reports the byte-mask field (the
fifth) when it is not a number from 0 to 0xFF.

## Why is this bad?
BitReg sets or clears bits in one byte of a binary registry value, chosen by
the field after the mask; a mask of more than eight bits cannot apply to one
byte, and InfVerif rejects the line.

## Example
```inf
[Contoso_BitReg]
HKR, Parameters, Options, 1, 0x0100, 0
```

## Use instead
```inf
[Contoso_BitReg]
HKR, Parameters, Options, 1, 0x01, 1
```

## Source
InfVerif 1262; learn.microsoft.com/windows-hardware/drivers/install/inf-bitreg-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import parse_number

CODE = "IV1262"
NAME = "non-byte-bit-mask"
SEVERITY = "error"
INFVERIF = (1262,)
TRIGGERS = ("bitreg",)

_MASK_FIELD = 4


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for entry in ctx.index.directive("bitreg"):
        for named in entry.values:
            name = named.resolved.strip()
            if not name or name.lower() in seen:
                continue
            seen.add(name.lower())
            for line in ctx.document.entries_in(name):
                mask = line.value(_MASK_FIELD) if line.key is None else None
                if mask is None or mask.is_empty:
                    continue
                text = mask.resolved.strip()
                number = parse_number(text)
                if "%" not in text and (number is None or number > 0xFF):
                    yield ctx.report(
                        mask.span, f"bit mask '{text}' is not one byte; BitReg changes one byte, so use 0x00 to 0xFF"
                    )
