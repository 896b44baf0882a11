r"""A file copied to a folder outside the Windows folder.

## What it does
Reports each copied file whose destination in `[DestinationDirs]` is a DIRID
known to lie outside `%SystemRoot%`: an absolute path (-1), the source folder
(1), the roots of the system and boot disks (24, 30), the boot loader's
folder (54), the user profile (53) and the shell folders 16406-16430
(Program Files, profile and All Users folders), except 16420, 16421 and
16425 (`%SystemRoot%`, `System32` and `SysWOW64`).
Copies made by removal sections are left out.

This is a partial check: Microsoft documents InfVerif 1306 only through its
message ("legacy ... operation with non-system target path") and an older
revision of its error page ("file copy target not under %SystemRoot%"), so
infcheck reports only the DIRIDs that certainly lie outside it and leaves
user-defined DIRIDs and the shared folder (25) alone. Under `/w` InfVerif
reports any copy outside the driver store as 1322 instead.

## Why is this bad?
A universal INF only adds files to the system's own folders (DIRIDs 10, 11,
12 and 13), where Windows tracks them with the package. Files spread over
Program Files, the disk root or user folders are not tracked, are not
removed with the driver, and need an installer rather than an INF.

## Example
```inf
[DestinationDirs]
Contoso_Tools = 16422, Contoso

[Contoso_Tools]
tool.exe
```

## Use instead
```inf
[DestinationDirs]
Contoso_Tools = 13
```

## Source
InfVerif 1306; learn.microsoft.com/windows-hardware/drivers/install/using-a-universal-inf-file,
learn.microsoft.com/windows-hardware/drivers/install/using-dirids.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.knowledge.dirids import DIRIDS
from infcheck.package_model import package_model
from infcheck.rules._infverif import is_removal_section

CODE = "IV1306"
NAME = "copy-outside-system-folders"
# InfVerif: a warning under /k, an error under /u, not reported under /w (IV1322 takes over).
SEVERITY = "warning"
INFVERIF = (1306,)
TRIGGERS = ("copyfiles",)

_ABSOLUTE_PATH = (-1, 65535)
# 16384 + a CSIDL: 16420, 16421 and 16425 are %SystemRoot%, System32 and SysWOW64; the rest of
# 16406-16430 are Program Files, profile and All Users folders.
_SYSTEM_SHELL_FOLDERS = (16420, 16421, 16425)
_OUTSIDE_SYSTEM_ROOT = frozenset(
    (*_ABSOLUTE_PATH, 1, 24, 30, 53, 54, *(n for n in range(16406, 16431) if n not in _SYSTEM_SHELL_FOLDERS))
)


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    reported: set[int] = set()
    for copy in model.file_copies:
        if is_removal_section(copy.install_section.key) or id(copy.entry) in reported:
            continue  # a file list two install sections copy is reported once
        destination = model.destination_for(copy.list_section)
        if destination is None or destination.dirid not in _OUTSIDE_SYSTEM_ROOT:
            continue
        reported.add(id(copy.entry))
        dirid = destination.dirid
        known = DIRIDS.get(-1 if dirid in _ABSOLUTE_PATH else dirid)
        folder = known.directory if known is not None else f"DIRID {dirid}"
        where = folder + (f"\\{destination.subdirectory}" if destination.subdirectory else "")
        yield ctx.report(
            copy.value.span,
            f"{copy.destination_name} is copied to {where}, outside the Windows folder; a universal INF "
            "copies only to DIRIDs 10, 11, 12 and 13 (13, the driver store, is best)",
        )
