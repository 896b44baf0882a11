"""Hover: what a device ID, a %token%, a directive or a section means, and the rules broken there."""

from __future__ import annotations

from infcheck.diagnostics import Diagnostic
from infcheck.hwid import PCI_VENDOR_BUSES, USB_ID_BUSES, HardwareId
from infcheck.knowledge.directives import DIRECTIVES
from infcheck.knowledge.sections import SECTION_ROLES
from infcheck.rules import RULES_BY_CODE
from infcheck.section_roles import SectionRoles
from lsp_server.hardware_names import HardwareNames
from lsp_server.locate import (
    DEVICE_ID,
    DIRECTIVE,
    INSTALL_REFERENCE,
    MODELS_REFERENCE,
    SECTION,
    SECTION_REFERENCE,
    STRING_KEY,
    TOKEN,
    Lookups,
    Target,
    target_at,
)


class HoverText:
    """Markdown for a hover, and the offsets of the text it is about."""

    def __init__(self, markdown: str, start: int, end: int):
        self.markdown = markdown
        self.start = start
        self.end = end


def hover_at(
    lookups: Lookups | None, offset: int, diagnostics: list[Diagnostic], diagnostic_bounds, names: HardwareNames
) -> HoverText | None:
    """The hover for ``offset``; ``diagnostic_bounds(diagnostic)`` gives a diagnostic's offsets.

    Without ``lookups`` (a publishing plan) only the rules broken at ``offset`` are described.
    """
    target = target_at(lookups, offset) if lookups is not None else None
    pieces = []
    start = end = offset
    if target is not None:
        text = _describe(lookups, target, names)
        if text:
            pieces.append(text)
            start, end = target.start, target.end
    broken = []
    for diagnostic in diagnostics:
        low, high = diagnostic_bounds(diagnostic)
        if low <= offset <= max(high, low + 1):
            rule = RULES_BY_CODE.get(diagnostic.code)
            summary = rule.summary if rule is not None else diagnostic.message
            broken.append(f"- **{diagnostic.code}** {diagnostic.name}: {summary}")
            if target is None or not pieces:
                start, end = low, high
    if broken:
        pieces.append("\n".join(broken))
    if not pieces:
        return None
    return HoverText("\n\n---\n\n".join(pieces), start, end)


def _describe(lookups: Lookups, target: Target, names: HardwareNames) -> str | None:
    kind = target.kind
    if kind == DEVICE_ID:
        device_id = target.detail
        return describe_hardware_id(device_id.hardware_id, device_id.kind, names)
    if kind in (TOKEN, STRING_KEY):
        return _describe_token(lookups, target)
    if kind == DIRECTIVE:
        directive = DIRECTIVES.get(target.name.lower())
        return f"**{directive.name}**: {directive.summary}" if directive and directive.summary else None
    if kind in (SECTION, SECTION_REFERENCE, MODELS_REFERENCE):
        return _describe_section(lookups, target.name)
    if kind == INSTALL_REFERENCE:
        models_entry = target.detail
        found = lookups.index.ddinstall_for(target.name, models_entry.models.platform_extension)
        if found is None:
            return f"Install section **{target.name}**: no [{target.name}.{models_entry.models.platform_extension}], [{target.name}.NT] or [{target.name}] section"
        return _describe_section(lookups, found)
    return None


def _describe_token(lookups: Lookups, target: Target) -> str:
    strings = lookups.document.strings
    entry = strings.entry_for(target.name)
    if entry is None:
        if target.name.isdigit():
            return f"`%{target.name}%` is a directory ID (DIRID), not a string token"
        return f"`%{target.name}%` is not defined in [Strings]"
    value = strings.lookup(target.name)
    where = f"[{entry.section.name}] line {entry.line}" if entry.section is not None else f"line {entry.line}"
    return f"`%{target.name}%` = {_quoted(value)}  \n(defined in {where})"


def _quoted(text: str) -> str:
    return "`" + text.replace("`", "'") + "`" if text else "an empty string"


def _describe_section(lookups: Lookups, name: str) -> str:
    document = lookups.document
    sections = document.sections_named(name)
    role = SectionRoles(lookups.index).role_of(name)
    title = f"**[{sections[0].name if sections else name}]**"
    lines = [f"{title}: {SECTION_ROLES[role]}" if role in SECTION_ROLES else title]
    if not sections:
        lines.append("This section is not defined in the file.")
    elif len(sections) > 1:
        lines.append(
            f"Defined {len(sections)} times (lines {', '.join(str(section.line) for section in sections)}); Windows merges them."
        )
    else:
        lines.append(f"Defined on line {sections[0].line} with {len(sections[0].entries)} line(s).")
    return "  \n".join(lines)


def describe_hardware_id(hardware_id: HardwareId, kind: str, names: HardwareNames) -> str:
    """A hardware or compatible ID taken apart, with vendor and device names where the system knows them."""
    lines = [f"**{hardware_id.text}** ({kind})", ""]
    bus = hardware_id.enumerator_upper
    if hardware_id.enumerator is None:
        lines.append("- no bus enumerator" + (" (a generic ID)" if hardware_id.generic else ""))
    else:
        lines.append(f"- bus enumerator `{hardware_id.enumerator}`")
    for part in hardware_id.parts:
        written = hardware_id.text[part.start : part.end]
        if part.kind == "TEXT":
            lines.append(f"- `{written}`")
            continue
        line = f"- `{written}`: {part.description} {part.value}"
        name = _name_of(hardware_id, part.kind, part.value, bus, names)
        if name:
            line += f" ({name})"
        lines.append(line)
    return "\n".join(lines)


def _name_of(hardware_id: HardwareId, kind: str, value: str, bus: str, names: HardwareNames) -> str | None:
    if bus in PCI_VENDOR_BUSES:
        vendor = hardware_id.part("VEN")
        if kind == "VEN":
            return names.pci_vendor(value)
        if kind == "DEV" and bus == "PCI" and vendor is not None:
            return names.pci_device(vendor.value, value)
        if kind == "SUBSYS" and len(value) == 8:
            # SUBSYS_ssssvvvv: the subsystem's device ID, then its vendor ID.
            subsystem_vendor = names.pci_vendor(value[4:])
            device = hardware_id.part("DEV")
            subsystem = None
            if bus == "PCI" and vendor is not None and device is not None:
                subsystem = names.pci_subsystem(vendor.value, device.value, value[4:], value[:4])
            found = [
                text
                for text in (subsystem, f"subsystem vendor {subsystem_vendor}" if subsystem_vendor else None)
                if text
            ]
            return "; ".join(found) or None
    if bus in USB_ID_BUSES:
        vendor = hardware_id.part("VID")
        if kind == "VID":
            return names.usb_vendor(value)
        if kind == "PID" and vendor is not None:
            return names.usb_product(vendor.value, value)
    return None
