r"""A GUID field is not a braced GUID.

## What it does
Reports the interface class GUID of an `AddInterface` directive or of an
`[InterfaceInstall32]` entry, the provider GUID of an `AddEventProvider`
and the GUID of a `WMIInterface` when, after string substitution, it is not
written `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.

## Why is this bad?
Windows registers the interface, event provider or WMI block under the GUID
as written; a GUID without braces, or with a wrong number of digits, is
refused or registered under a name no one looks up. InfVerif rejects it.

## Example
```inf
[Contoso_Install.NT.Interfaces]
AddInterface = 6994AD04-93EF-11D0-A3CC-00A0C9223196, , Contoso_Interface
```

## Use instead
```inf
[Contoso_Install.NT.Interfaces]
AddInterface = {6994AD04-93EF-11D0-A3CC-00A0C9223196}, , Contoso_Interface
```

## Source
InfVerif 1019; learn.microsoft.com/windows-hardware/drivers/install/inf-addinterface-directive,
inf-interfaceinstall32-section, inf-addeventprovider-directive, inf-ddinstall-wmi-section.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.document import Span
from infcheck.engine import DocumentContext
from infcheck.guids import BRACED_GUID
from infcheck.package_facts import RARE_DIRECTIVES, rare_directive
from infcheck.package_model import package_model

CODE = "IV1019"
NAME = "invalid-guid"
SEVERITY = "error"
INFVERIF = (1019,)
TRIGGERS = ("[interfaceinstall32]", "addeventprovider", "addinterface", "wmiinterface")

# Directive -> what its first field identifies.
_GUID_DIRECTIVES = {
    "addinterface": "interface class",
    "addeventprovider": "event provider",
    "wmiinterface": "WMI block",
}


def _report(ctx: DocumentContext, span: Span, text: str, what: str) -> Diagnostic:
    return ctx.report(
        span, f"{what} GUID '{text}' is not a GUID in braces; write it as {{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}}"
    )


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    index = ctx.index
    for directive, what in _GUID_DIRECTIVES.items():
        entries = (
            rare_directive(index, directive)
            if directive in RARE_DIRECTIVES
            else package_model(index).directive(directive)
        )
        for entry in entries:
            value = entry.value(0)
            if value is None or value.is_empty:
                continue  # IV1005 and InfVerif's other checks cover a missing field
            text = value.resolved.strip().strip('"')
            if "%" not in text and not BRACED_GUID.match(text):
                yield _report(ctx, value.span, text, what)
    for entry in ctx.document.entries_in("interfaceinstall32"):
        key, span = entry.key, entry.key_span
        if key is None or span is None:
            continue
        text = ctx.document.strings.substitute(key).strip().strip('"')
        if "%" not in text and not BRACED_GUID.match(text):
            yield _report(ctx, span, text, "interface class")
