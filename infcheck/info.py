"""``infcheck info``: what each INF installs, for a review before the package is submitted.

The counterpart of InfVerif ``/info``: for each INF, every hardware and compatible ID with the
architecture, minimum OS version, install section and services it gets; the files it copies
and where; the registry values it writes. Everything is read from the driver-package model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from infcheck.diagnostics import escape_control_characters
from infcheck.document import Document
from infcheck.engine import document_index
from infcheck.package_model import STAMPINF_ARCHITECTURE, PackageModel, package_model, registry_writes
from infcheck.targetos import TargetOS

_DIRID_NAMES = {
    10: "%10% (Windows)",
    11: "%11% (System32)",
    12: "%12% (System32\\drivers)",
    13: "%13% (driver store)",
    17: "%17% (INF)",
    18: "%18% (Help)",
    20: "%20% (Fonts)",
    24: "%24% (system drive)",
    25: "%25% (shared)",
    30: "%30% (boot drive)",
    50: "%50% (System)",
    53: "%53% (user profile)",
    54: "%54% (boot folder)",
    55: "%55% (print processors)",
}


def _minimum_os(target: TargetOS | None) -> str:
    """``10.0.19041`` from a decoration; ``any`` for none."""
    if target is None or target.major is None:
        return "any"
    version = f"{target.major}.{target.minor or 0}"
    return f"{version}.{target.build}" if target.build is not None else version


def _devices(model: PackageModel) -> list[dict[str, Any]]:
    found = []
    for target in model.install_targets:
        services_section = target.siblings.get("services")
        services = [service.name for service in model.add_services_in(services_section)] if services_section else []
        models = target.models_entry.models
        for device_id in target.models_entry.ids:
            if not device_id.hardware_id.text:
                continue
            found.append(
                {
                    "id": device_id.hardware_id.text,
                    "kind": "compatible" if device_id.compatible else "hardware",
                    "architecture": target.architecture if target.architecture != STAMPINF_ARCHITECTURE else "$ARCH$",
                    "minimum_os": _minimum_os(models.target),
                    "models_section": models.name,
                    "install_section": target.section_name,
                    "services": services,
                    "line": device_id.value.span.line,
                }
            )
    return found


def _files(model: PackageModel) -> list[dict[str, Any]]:
    found = []
    for copy in model.file_copies:
        destination = model.destination_for(copy.list_section)
        folder = ""
        if destination is not None and destination.dirid is not None:
            folder = _DIRID_NAMES.get(destination.dirid, f"%{destination.dirid}%")
            if destination.subdirectory:
                folder += "\\" + destination.subdirectory
        found.append(
            {
                "source": copy.source_name,
                "name": copy.destination_name,
                "destination": folder or "(no DestinationDirs entry)",
                "file_list": copy.list_section,
                "install_section": copy.install_section.name,
                "line": copy.entry.span.line,
            }
        )
    return found


# The value types of AddReg flags (inf-addreg-directive), after FLG_ADDREG_APPEND and the other
# action bits are masked out.
_VALUE_TYPES = {
    0x00000000: "REG_SZ",
    0x00000001: "REG_BINARY",
    0x00010000: "REG_MULTI_SZ",
    0x00010001: "REG_DWORD",
    0x00020000: "REG_EXPAND_SZ",
    0x00020001: "REG_NONE",
    0x00030001: "REG_QWORD",
}


def _value_type(flags: int | None) -> str | None:
    if flags is None:
        return "REG_SZ"
    return _VALUE_TYPES.get(flags & 0xFFFF0001)


def _registry(model: PackageModel) -> list[dict[str, Any]]:
    found = []
    for write in registry_writes(model):
        operation = write.operation
        found.append(
            {
                "root": operation.root,
                "key": operation.subkey,
                "value": operation.value_name,
                "flags": operation.flags,
                "type": _value_type(operation.flags),
                "data": [value.resolved.strip() for value in operation.values],
                "install_section": write.install_section.name,
                "line": operation.entry.span.line,
            }
        )
    return found


def describe(document: Document) -> dict[str, Any]:
    """What one INF installs, as the JSON ``infcheck info --format json`` prints for it."""
    index = document_index(document)
    model = package_model(index)
    driver_ver = index.version.get("driverver")
    return {
        "path": document.path,
        "class": index.version.text("class"),
        "provider": index.version.text("provider"),
        "driver_ver": ",".join(value.resolved.strip() for value in driver_ver.values) if driver_ver else None,
        "devices": _devices(model),
        "files": _files(model),
        "registry": _registry(model),
    }


def render_json(descriptions: Sequence[dict[str, Any]]) -> str:
    return json.dumps(list(descriptions), indent=2, ensure_ascii=False) + "\n"


def render_text(descriptions: Sequence[dict[str, Any]]) -> str:
    lines: list[str] = []
    for described in descriptions:
        if lines:
            lines.append("")
        heading = [f"class {described['class']}" if described["class"] else "", described["driver_ver"] or ""]
        details = ", ".join(part for part in heading if part)
        lines.append(f"{described['path']}" + (f" ({details})" if details else ""))
        lines.append("  Devices:")
        for device in described["devices"]:
            services = ", ".join(device["services"]) or "none"
            windows = "any Windows" if device["minimum_os"] == "any" else f"Windows {device['minimum_os']} and later"
            lines.append(
                f"    {device['id']} ({device['kind']} ID): {device['architecture']}, {windows}, "
                f"installs [{device['install_section']}], service {services}"
            )
        if not described["devices"]:
            lines.append("    none")
        lines.append("  Files:")
        for copied in described["files"]:
            renamed = f" as {copied['name']}" if copied["name"].lower() != copied["source"].lower() else ""
            lines.append(
                f"    {copied['source']}{renamed} -> {copied['destination']}, from [{copied['install_section']}]"
            )
        if not described["files"]:
            lines.append("    none")
        lines.append("  Registry:")
        for value in described["registry"]:
            name = value["value"] or "(default)"
            key = f"{value['root']}\\{value['key']}" if value["key"] else value["root"]
            kind = f" ({value['type']})" if value["type"] else ""
            lines.append(f"    {key}, value {name}{kind}, from [{value['install_section']}]")
        if not described["registry"]:
            lines.append("    none")
    return "".join(escape_control_characters(line) + "\n" for line in lines)


def read_inf(path: Path, display: str) -> Document:
    """Parse the INF at ``path``; ``OSError`` when it cannot be read."""
    from infcheck.files import read_regular_file
    from infcheck.parse import parse_bytes

    return parse_bytes(read_regular_file(path), display)
