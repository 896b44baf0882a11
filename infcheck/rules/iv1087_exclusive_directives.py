r"""A section holds two directives of which Windows reads only one.

## What it does
Reports a filter-install section (named by `AddFilter`) that has both
`FilterLevel` and `FilterPosition`, and an add-power-setting section (named
by `AddPowerSetting`) that has both `Value` and `ValueRange` lines. The
finding points at the later of the two directives.

## Why is this bad?
Microsoft documents each pair as a choice: a filter is registered either at a
level the base driver package defines or at the upper or lower position,
never both; a power setting lists its allowed values either one by one or as
a range. With both present, Windows keeps one and drops the other, so the
filter or the setting does not end up where the INF seems to put it.
InfVerif reports it as an error.

## Example
```inf
[Contoso_Filter_Install]
FilterLevel    = Encryption
FilterPosition = Lower
```

## Use instead
```inf
[Contoso_Filter_Install]
FilterLevel = Encryption
```

## Source
InfVerif 1087 ("Cannot have both ... and ... directives, ... will be ignored"). The pairs come
from learn.microsoft.com/windows-hardware/drivers/install/inf-addfilter-directive ("either the
filter position or the filter level must [be] defined, but not both"),
learn.microsoft.com/windows-hardware/drivers/develop/device-filter-driver-ordering ("exactly
one of the following two directives") and
learn.microsoft.com/windows-hardware/drivers/install/inf-addpowersetting-directive (two or
more Value directives or one ValueRange directive). Partial: InfVerif may know other pairs.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.fixed_form_sections import FORMS, formed_sections, naming_directives
from infcheck.package_model import package_model

CODE = "IV1087"
NAME = "exclusive-directives"
SEVERITY = "error"
INFVERIF = (1087,)
TRIGGERS = naming_directives(form for form in FORMS if form.exclusive)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for formed in formed_sections(package_model(ctx.index)):
        for first_name, second_name in formed.form.exclusive:
            first, second = formed.first(first_name), formed.first(second_name)
            if first is None or second is None:
                continue
            later, kept = (second, first_name) if second.start > first.start else (first, second_name)
            dropped = second_name if kept == first_name else first_name
            yield ctx.report(
                later.key_span or later.span,
                f"[{formed.name}] has both {first_name} and {second_name}, and {formed.form.a_kind} takes only "
                f"one of them; remove {dropped} or {kept}",
            )
