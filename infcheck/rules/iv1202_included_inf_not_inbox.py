r"""An Include names a file that cannot be an INF file of Windows.

## What it does
Reports an `Include` value that cannot name an INF file Windows provides:
a path (`Include = .\common.inf`), a file that is not an INF file
(`Include = Config.set`), this INF itself (the `.inf` name of the file being
checked, or of the `.inx` source stampinf turns into it), an `oem<number>.inf`
name (the name Windows gives a third-party INF file it installs), or an INF
named after the package: its name is this INF's name or the first word of the
[Version] `Provider` (four letters or more, Microsoft excepted), alone or
followed by `_`, `-`, `.` or a blank (`contoso_common.inf` in a package whose
provider is Contoso). The inbox INF files infcheck knows are never reported.
Whether any other INF name exists in the Windows build the package targets
is left to InfVerif, and so is a value without a file extension.

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

import re
from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.inbox_infs import is_inbox_inf
from infcheck.rules._inbox import include_values, included_file_name

CODE = "IV1202"
NAME = "included-inf-not-inbox"
SEVERITY = "error"
INFVERIF = (1202,)
TRIGGERS = ("include",)


# Names shorter than this are too common a start of an inbox INF name to tell a package by.
_MIN_PACKAGE_NAME = 4


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    if not ctx.index.has_include:
        return
    own_stem = _installed_stem(ctx.path)
    provider = _provider_name(ctx)
    for value in include_values(ctx.index):
        name = included_file_name(value)
        if "%" in name or not name:
            continue  # an undefined string token is INF201's to report
        problem = _problem(name, own_stem, provider)
        if problem is not None:
            yield ctx.report(
                value.span, f"'{name}' {problem}; Include takes only INF files Windows provides, by file name"
            )


def _problem(name: str, own_stem: str | None, provider: str | None) -> str | None:
    if any(separator in name for separator in ("\\", "/", ":")):
        return "is a path, not a file name"
    base, dot, extension = name.rpartition(".")
    if not dot or not base:
        return None  # a name without an extension is left to InfVerif
    if extension.lower() != "inf":
        return "is not an INF file"
    stem = base.lower()
    if is_inbox_inf(name):
        return None
    if stem == own_stem:
        return "is this INF itself"
    if _OEM_NAME.fullmatch(stem):
        return "is the name Windows gives a third-party INF file when it installs it (oem<number>.inf)"
    if own_stem is not None and _named_after(stem, own_stem):
        return f"is named after this INF ({own_stem}), not like an INF file of Windows"
    if provider is not None and _named_after(stem, provider.lower()):
        return f"is named after the provider ({provider}), not like an INF file of Windows"
    return None


_OEM_NAME = re.compile(r"oem[0-9]+")
_SEPARATORS = ("_", "-", ".", " ")


def _named_after(stem: str, package_name: str) -> bool:
    """Whether an INF name is ``package_name`` or starts with it and a separator (``contoso_common``)."""
    if len(package_name) < _MIN_PACKAGE_NAME or not stem.startswith(package_name):
        return False
    rest = stem[len(package_name) :]
    return not rest or rest.startswith(_SEPARATORS)


def _provider_name(ctx: DocumentContext) -> str | None:
    """The first word of [Version] Provider; ``None`` for Microsoft (its INF files are inbox ones)."""
    value = ctx.index.version.first_value("provider")
    words = value.resolved.strip().strip('"').split() if value is not None else []
    if not words:
        return None
    word = words[0].rstrip(",.")
    return None if word.lower() == "microsoft" or "%" in word else word


def _installed_stem(path: str) -> str | None:
    """The lower-case name, without extension, this INF has once installed (an .inx source becomes an .inf file)."""
    name = path.replace("\\", "/").rpartition("/")[2].lower()
    base, dot, extension = name.rpartition(".")
    if not dot or extension not in ("inf", "inx"):
        return None
    return base
