r"""An Include names a file that cannot be an INF file of Windows.

## What it does
Reports an `Include` value that cannot name an INF file Windows provides:
a path (`Include = .\common.inf`), a file that is not an INF file
(`Include = Config.set`), or this INF itself (the `.inf` name of the file
being checked, or of the `.inx` source stampinf turns into it), unless that
name is one of the inbox INF files infcheck knows. Whether a plain INF name
exists in the Windows build the package targets is left to InfVerif, and so
is a value without a file extension.

## Why is this bad?
`Include` takes only INF files that come with Windows, looked up by name in
%SystemRoot%\INF; a package cannot include its own INF files. The sections
named by `Needs` are then not found and that part of the installation is
missing. InfVerif rejects the INF.

## Example
```inf
[Contoso_Install.NT]
Include = contoso_common.inx, .\contoso_shared.inf
Needs   = Contoso_Common.NT
```

## Use instead
```inf
[Contoso_Install.NT]
CopyFiles = Contoso_Common_Files
AddReg    = Contoso_Common_AddReg
```

## Source
InfVerif 1202; learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-section (Include names
"system-supplied INF files"), learn.microsoft.com/windows-hardware/drivers/install/inf-include-directive.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.inbox_infs import is_inbox_inf
from infcheck.rules._inbox import include_values, included_file_name

CODE = "IV1202"
NAME = "included-inf-not-inbox"
SEVERITY = "error"
INFVERIF = (1202,)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not ctx.index.has_include:
        return
    own_name = _installed_name(ctx.path)
    for value in include_values(ctx.index):
        name = included_file_name(value)
        if "%" in name or not name:
            continue  # an undefined string token is INF201's to report
        problem = _problem(name, own_name)
        if problem is not None:
            yield ctx.report(
                value.span, f"'{name}' {problem}; Include takes only INF files Windows provides, by file name"
            )


def _problem(name: str, own_name: str | None) -> str | None:
    if any(separator in name for separator in ("\\", "/", ":")):
        return "is a path, not a file name"
    base, dot, extension = name.rpartition(".")
    if dot and base and extension.lower() != "inf":  # a name without an extension is left to InfVerif
        return "is not an INF file"
    if own_name is not None and name.lower() == own_name and not is_inbox_inf(name):
        return "is this INF itself"
    return None


def _installed_name(path: str) -> str | None:
    """The lower-case name this INF has once installed (an .inx source becomes an .inf file)."""
    name = path.replace("\\", "/").rpartition("/")[2].lower()
    base, dot, extension = name.rpartition(".")
    if not dot or extension not in ("inf", "inx"):
        return None
    return base + ".inf"
