"""A network component's bind-token list with a token that is not a lower-case name.

## What it does
In an INF of the NetDriver class, reads `UpperRange`, `LowerRange` and
`FilterMediaTypes` in a network component's section (the section the second
field of `AddNetFilter` or `AddNetProtocol` names) as comma-separated lists
of bind tokens, and reports each token that holds anything but lower-case
letters, digits, `_` and `.`, the pattern InfVerif's message gives.

Microsoft documents these three values as the bind-token lists of a network
filter or protocol (`ndis5`, `ethernet`, `noupper`...); that a declarative
component section carries them under the same names is infcheck's reading,
since the declarative network driver format is not documented. Other lists
of bind tokens are left to InfVerif.

## Why is this bad?
Windows binds components whose tokens match exactly. A token written with
other characters matches no component, so the filter or protocol binds to
nothing, and InfVerif refuses the package.

## Example
```inf
[Contoso_Filter]
FilterMediaTypes = Ethernet, wlan
```

## Use instead
```inf
[Contoso_Filter]
FilterMediaTypes = ethernet, wlan
```

## Source
InfVerif 2416; learn.microsoft.com/windows-hardware/drivers/network/specifying-filter-driver-binding-relationships.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.rules._netdriver import component_keys, component_sections

CODE = "IV2416"
NAME = "invalid-bind-tokens"
SEVERITY = "error"
INFVERIF = (2416,)
# The component sections are those the AddNetFilter and AddNetProtocol lines name.
TRIGGERS = ("addnetfilter", "addnetprotocol")

_BIND_TOKEN = re.compile(r"[a-z0-9_.]+")
_TOKEN_LISTS = ("upperrange", "lowerrange", "filtermediatypes")


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    for component in component_sections(ctx.index):
        for key in _TOKEN_LISTS:
            for entry in component_keys(ctx.index, component, key):
                for value in entry.values:
                    # A field is either one token or, quoted, a comma-separated list of them.
                    for token in value.resolved.split(","):
                        token = token.strip()
                        if not token or _BIND_TOKEN.fullmatch(token) or "%" in token:
                            continue  # a %string% left unresolved is the string rules' finding
                        yield ctx.report(
                            value.span,
                            f"{entry.key} token '{token}' may hold only lower-case letters, digits, '_' and "
                            f"'.'; write it as '{re.sub(r'[^a-z0-9_.]', '_', token.lower())}'",
                        )
