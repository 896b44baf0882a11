"""Two different extension INF files use the same ExtensionId.

## What it does
Across every INF checked in one run, reports an extension INF
(`Class = Extension`) whose `ExtensionId` another extension INF with a
different file name already uses. The same extension kept in several folders
(one per architecture, say) has the same file name and is not reported.

## Why is this bad?
Windows installs at most one extension INF per ExtensionId on a device: the
best-ranked one replaces the others. Two extensions with different purposes
that share an ExtensionId undo each other.

## Example
```inf
; contoso_audio_ext.inf and contoso_camera_ext.inf, both:
ExtensionId = {6d7f7d1e-9a2a-4c2b-8d27-1a5f0b0a8c11}
```

## Use instead
```inf
; a GUID of its own for each extension
ExtensionId = {0e0c4f5f-2b9c-4c8e-9d53-3a0b71b3c9d2}
```

## Source
learn.microsoft.com/windows-hardware/drivers/install/using-an-extension-inf-file.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import RepositoryContext
from infcheck.inf_facts import InfFacts

CODE = "REPO003"
NAME = "extension-id-reused"
SEVERITY = "error"
SCOPE = "repository"


def extension_key(extension_id: str) -> str:
    return extension_id.strip().strip("{}").lower()


def check(ctx: RepositoryContext) -> Iterator[Diagnostic]:
    first_use: dict[str, InfFacts] = {}
    for inf in ctx.infs:
        if not inf.is_extension or not inf.extension_id:
            continue
        earlier = first_use.setdefault(extension_key(inf.extension_id), inf)
        if earlier.file_name.lower() == inf.file_name.lower():
            continue
        yield ctx.report_in(
            inf,
            inf.extension_id_span,
            f"ExtensionId {inf.extension_id} is also the ExtensionId of {earlier.path}; Windows keeps one extension "
            "per ExtensionId on a device, so give this extension a GUID of its own",
        )
