"""An extension INF's ExtensionId changed since the --since revision.

## What it does
With `infcheck check --since REF`, reports an extension INF
(`Class = Extension`) whose `ExtensionId` differs from the one it had at REF.

## Why is this bad?
The ExtensionId is what makes a new version of an extension replace the old
one. With a new GUID Windows sees a different extension: the old version stays
installed beside the new one, and both apply their settings.

## Example
```inf
; at REF: ExtensionId = {6d7f7d1e-9a2a-4c2b-8d27-1a5f0b0a8c11}
ExtensionId = {0e0c4f5f-2b9c-4c8e-9d53-3a0b71b3c9d2}
```

## Use instead
```inf
ExtensionId = {6d7f7d1e-9a2a-4c2b-8d27-1a5f0b0a8c11}
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/using-an-extension-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import PackageContext
from infcheck.rules.repo003_extension_id_reused import extension_key

CODE = "REPO005"
NAME = "extension-id-changed"
SEVERITY = "error"
SCOPE = "package"


def check(ctx: PackageContext) -> Iterator[Diagnostic]:
    previous = ctx.previous_facts
    facts = ctx.facts
    if previous is None or not facts.is_extension or not previous.is_extension:
        return
    if not facts.extension_id or not previous.extension_id:
        return
    if extension_key(facts.extension_id) != extension_key(previous.extension_id):
        yield ctx.report(
            facts.extension_id_span,
            f"ExtensionId changed from {previous.extension_id} at {ctx.since}: Windows takes this for another "
            "extension and keeps the old one installed; keep the ExtensionId across versions",
        )
