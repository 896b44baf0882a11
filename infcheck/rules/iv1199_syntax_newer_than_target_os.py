"""An install section uses syntax newer than the Windows versions it can install on.

## What it does
Reports a Models section (at its TargetOSVersion on the `[Manufacturer]`
line, or its name when undecorated) whose install sections use syntax that
only newer Windows versions understand, when its decoration lets it install
on older ones. It knows two such syntaxes: copying files to DIRID 13 (the
driver store, from Windows 10 version 1709, build 16299) and
`AddEventProvider` (from version 1809, build 17763). A `[DefaultInstall]`
section using them is reported at its header unless its own decoration
carries the build.

## Why is this bad?
An older Windows does not understand the syntax and installs the driver
wrongly. InfVerif fails the package (and Partner Center rejects it) unless
every decoration that reaches such a section names the version the syntax
needs, for example `NTamd64.10.0...16299`.

## Example
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64
[DestinationDirs]
DefaultDestDir = 13
```

## Use instead
```inf
[Manufacturer]
%Contoso% = Contoso, NTamd64.10.0...16299
[DestinationDirs]
DefaultDestDir = 13
```

## Source
InfVerif 1199; learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section,
learn.microsoft.com/windows-hardware/drivers/develop/validating-windows-drivers.
"""

from __future__ import annotations

from collections.abc import Iterator

from infcheck.diagnostics import Diagnostic
from infcheck.engine import DocumentContext
from infcheck.package_model import PackageModel, family_base, package_model
from infcheck.targetos import TargetOS, parse_target_os

CODE = "IV1199"
NAME = "syntax-newer-than-target-os"
SEVERITY = "error"
INFVERIF = (1199,)
# DIRID 13 is read only for the file lists CopyFiles names.
TRIGGERS = ("addeventprovider", "copyfiles")

DIRID_13_BUILD = 16299  # Windows 10 version 1709
EVENT_PROVIDER_BUILD = 17763  # Windows 10 version 1809


def check(ctx: DocumentContext) -> Iterator[Diagnostic]:
    model = package_model(ctx.index)
    needs = _newest_syntax_by_install(model)
    if not needs:
        return
    reported: set[tuple[str, int]] = set()
    for target in model.install_targets:
        found = needs.get(family_base(target.section_name))
        if found is None:
            continue
        models = target.models_entry.models
        if _allows(models.target, found[0]):
            continue
        span = models.reference_span
        if span is None:
            continue
        key = (models.name.lower(), span.line * 100_000 + span.column)
        if key in reported:
            continue
        reported.add(key)
        build, syntax = found
        yield ctx.report(
            span,
            f"[{target.section_name}] {syntax}, which Windows understands from 10.0.{build}, but Models section "
            f"[{models.name}] also installs on older versions; decorate it "
            f"NT{target.architecture}.10.0...{build} (or later)",
        )
    for primitive in model.primitive_sections:
        section = primitive.section
        found = needs.get(family_base(section.name)) if primitive.is_install_section else None
        if found is None or primitive.uninstall:
            continue
        decoration = primitive.decoration[1:]
        if decoration and _allows(parse_target_os(decoration), found[0]):
            continue
        build, syntax = found
        yield ctx.report(
            section.name_span,
            f"[{section.name}] {syntax}, which Windows understands from 10.0.{build}; "
            f"decorate the section with a build, e.g. [DefaultInstall.NTamd64.10.0...{build}]",
        )


def _newest_syntax_by_install(model: PackageModel) -> dict[str, tuple[int, str]]:
    """The install families (by :func:`family_base`) using versioned syntax, with the newest build
    it needs and how to name the syntax."""
    found: dict[str, tuple[int, str]] = {}

    def need(section_name: str, build: int, syntax: str) -> None:
        base = family_base(section_name)
        if base not in found or found[base][0] < build:
            found[base] = (build, syntax)

    for entry, value in model.copy_files_references:
        section = entry.section
        if section is None:
            continue
        text = value.resolved.strip()
        destination = model.destination_for(None if text.startswith("@") else text)
        if destination is not None and destination.dirid == 13:
            need(section.name, DIRID_13_BUILD, "copies files to DIRID 13 (the driver store)")
    for entry in model.index.directive("addeventprovider"):
        if entry.section is not None:
            need(entry.section.name, EVENT_PROVIDER_BUILD, "uses AddEventProvider")
    return found


def _allows(target: TargetOS | None, build: int) -> bool:
    """Whether a decoration limits installation to Windows 10.0 build ``build`` or later."""
    if target is None or target.major is None:
        return False
    version = (target.major, target.minor or 0)
    if version != (10, 0):
        return version > (10, 0)
    return target.build is not None and target.build >= build
