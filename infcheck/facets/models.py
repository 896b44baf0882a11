"""The [Manufacturer] and Models facet: the Models sections [Manufacturer] names, for which
platforms, the entries they list and the device IDs of each entry.

Provides ``index.manufacturer_lines``, ``index.models_sections``, ``index.models_entries``,
``index.models_entries_by_install``, ``index.all_device_ids`` and ``index.device_ids_by_bus``.

The entries of a Models section are built in blocks of consecutive lines, so an edit inside a
long Models section builds only the block holding the edited line again.

Sources: learn.microsoft.com/windows-hardware/drivers/install/inf-manufacturer-section and
.../inf-models-section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from infcheck.document import Entry, Section, Span, Value
from infcheck.facets.parts import KeptParts, merged_groups
from infcheck.hwid import HardwareId, parse_hardware_id
from infcheck.targetos import TargetOS, parse_target_os

if TYPE_CHECKING:
    from infcheck.index import Index

BLOCK_SIZE = 200  # Models entries per block, at most


class DeviceId(NamedTuple):
    """A hardware or compatible ID listed by a Models entry, as written and as resolved."""

    value: Value
    hardware_id: HardwareId
    compatible: bool

    def span_of(self, start: int, end: int) -> Span:
        """The file span of characters ``start:end`` of the resolved ID, or the whole value
        when the ID came through a ``%strkey%`` token and has no characters of its own in the file."""
        value = self.value
        raw = value.raw
        resolved = self.hardware_id.text
        if raw == resolved:
            return value.span_of(start, end - start)
        if raw == f'"{resolved}"':
            return value.span_of(start + 1, end - start)
        return value.span

    @property
    def span(self) -> Span:
        return self.span_of(0, len(self.hardware_id.text))

    @property
    def kind(self) -> str:
        """``hardware ID`` or ``compatible ID``, for messages."""
        return "compatible ID" if self.compatible else "hardware ID"


class ModelsEntry(NamedTuple):
    """``device-description = install-section, hw-id, compatible-id...`` in a Models section."""

    entry: Entry
    models: ModelsSection
    install: Value | None
    ids: list[DeviceId]

    @property
    def install_name(self) -> str | None:
        install = self.install
        name = install.resolved.strip() if install is not None else ""
        return name or None


class ModelsSection(NamedTuple):
    """A Models section named by a [Manufacturer] line, with the decoration that selects it."""

    name: str
    decoration: Decoration | None
    manufacturer_line: ManufacturerLine
    sections: list[Section]

    @property
    def target(self) -> TargetOS | None:
        return self.decoration.target if self.decoration else None

    @property
    def platform_extension(self) -> str:
        return self.decoration.target.platform_extension if self.decoration else "ntx86"

    @property
    def reference_span(self) -> Span | None:
        """Where [Manufacturer] names it: the decoration, or the models name itself."""
        value = self.decoration.value if self.decoration else self.manufacturer_line.models_value
        return value.span if value is not None else None


class Decoration(NamedTuple):
    """One TargetOSVersion written on a [Manufacturer] line."""

    value: Value
    target: TargetOS


class ManufacturerLine(NamedTuple):
    """``%Mfg% = models-section-name, TargetOSVersion...`` (or a bare manufacturer name)."""

    entry: Entry
    models_value: Value | None
    decorations: list[Decoration]

    @property
    def models_base(self) -> str | None:
        if self.models_value is None:
            return None
        name = self.models_value.resolved.strip()
        return name or None

    def models_section_names(self) -> list[tuple[str, Decoration | None]]:
        """The Models sections this line names: one per decoration, or the base name alone."""
        base = self.models_base
        if base is None:
            return []
        if not self.decorations:
            return [(base, None)]
        return [(f"{base}.{decoration.target.text}", decoration) for decoration in self.decorations]


class ModelsBlock:
    """A run of consecutive entries of a section a Models section names, and what they mean."""

    __slots__ = ("by_bus", "device_ids", "entries", "groups", "lines", "models")

    def __init__(self, models: ModelsSection, lines: list[Entry], entries: list[ModelsEntry]):
        self.models = models
        self.lines = lines
        self.entries = entries
        self.groups = group_by_install(entries)
        self.device_ids = device_ids_of(entries)
        self.by_bus = group_by_bus(self.device_ids)


class ModelsPart:
    """The Models entries of one section a Models section names, as blocks, and what the blocks
    hold put together once, so that a build which keeps the part joins a few long lists only."""

    __slots__ = ("blocks", "by_bus", "device_ids", "entries", "groups", "models")

    def __init__(self, models: ModelsSection, blocks: list[ModelsBlock]):
        self.models = models
        self.blocks = blocks
        if len(blocks) == 1:
            # Most Models sections are one block: its lists and groups are the part's (never changed).
            (block,) = blocks
            self.entries = block.entries
            self.device_ids = block.device_ids
            self.groups = block.groups
            self.by_bus = block.by_bus
            return
        self.entries = []
        self.device_ids = []
        for block in blocks:
            self.entries += block.entries
            self.device_ids += block.device_ids
        self.groups = merged_groups(block.groups for block in blocks)
        self.by_bus = merged_groups(block.by_bus for block in blocks)


def build(index: Index, kept: KeptParts) -> None:
    document = index.document
    index.manufacturer_lines = lines = _manufacturer_lines(document.entries_in("manufacturer"))
    found: list[ModelsSection] = []
    for line in lines:
        for name, decoration in line.models_section_names():
            found.append(ModelsSection(name, decoration, line, document.sections_named(name)))
        # Windows on x86 falls back to the undecorated section when no decoration is for x86.
        base = line.models_base
        if base is not None and line.decorations and not any(_for_x86(written.target) for written in line.decorations):
            undecorated = document.sections_named(base)
            if undecorated:
                found.append(ModelsSection(base, None, line, undecorated))
    # A Models section equal to one of the previous build is that one, so the parts built for it stand.
    previous = kept.previous("models_sections") or []
    index.models_sections = models_sections = [
        old if position < len(previous) and (old := previous[position]) == models else models  # type: ignore[index]
        for position, models in enumerate(found)
    ]
    kept.remember("models_sections", models_sections)

    # What each entry meant when last built, whatever section held it then: a section that stops
    # being a Models section and becomes one again (an edit of its header, undone) means the same.
    known: dict[Entry, ModelsEntry] = kept.meanings("models")  # type: ignore[assignment]

    def build_part(section: Section, previous: ModelsPart | None) -> ModelsPart:
        return _models_part(models, section, previous, kept.reread, known)

    parts: list[ModelsPart] = []
    for models, section in models_section_owners(models_sections):
        parts.append(kept.part("models", section, models, build_part))
    (
        index.models_entries,
        index.all_device_ids,
        index.models_entries_by_install,
        index.device_ids_by_bus,
    ) = kept.merged("models", parts, _joined)  # type: ignore[misc]


def _joined(
    parts: list[ModelsPart],
) -> tuple[list[ModelsEntry], list[DeviceId], dict[tuple[str, str], list[ModelsEntry]], dict[str, list[DeviceId]]]:
    """The parts' entries and IDs as lists and groups for the whole document."""
    if len(parts) == 1:
        # The usual single Models section: its lists and groups serve as they are (never changed).
        (part,) = parts
        return part.entries, part.device_ids, part.groups, part.by_bus
    models_entries: list[ModelsEntry] = []
    all_device_ids: list[DeviceId] = []
    for part in parts:
        models_entries += part.entries
        all_device_ids += part.device_ids
    return (
        models_entries,
        all_device_ids,
        merged_groups(part.groups for part in parts),
        merged_groups(part.by_bus for part in parts),
    )


def _for_x86(target: TargetOS) -> bool:
    """Whether a decoration can select x86 (``NT``, ``NTx86``, stampinf's ``NT$ARCH$``, or an unreadable one)."""
    return target.architecture is None or target.architecture.lower() in ("x86", "$arch$")


def models_blocks(kept: KeptParts) -> list[ModelsBlock]:
    """The blocks of the latest build, in the order of ``index.models_entries``."""
    return [block for part in kept.parts("models") for block in part.blocks]  # type: ignore[attr-defined]


def _manufacturer_lines(entries: list[Entry]) -> list[ManufacturerLine]:
    lines = []
    for entry in entries:
        values = entry.values
        if entry.key is None:
            # A bare manufacturer name names a Models section of the same name.
            lines.append(ManufacturerLine(entry, values[0] if values else None, []))
            continue
        decorations = [Decoration(value, parse_target_os(value.resolved)) for value in values[1:] if not value.is_empty]
        lines.append(ManufacturerLine(entry, values[0] if values else None, decorations))
    return lines


def models_section_owners(models_sections: list[ModelsSection]) -> list[tuple[ModelsSection, Section]]:
    """Each section that holds Models entries, with the first Models section (in [Manufacturer]
    order) that names it; a section named twice lists its devices once."""
    owners = []
    seen: set[int] = set()
    for models in models_sections:
        for section in models.sections:
            if id(section) not in seen:
                seen.add(id(section))
                owners.append((models, section))
    return owners


def _models_part(
    models: ModelsSection,
    section: Section,
    previous: ModelsPart | None,
    reread: set[Entry],
    known: dict[Entry, ModelsEntry],
) -> ModelsPart:
    """The section's blocks: those of the previous part that still hold the same entries,
    meaning the same, and new ones for the rest, which reuse what ``known`` says the entries mean."""
    kept_blocks = {block.lines[0]: block for block in previous.blocks} if previous is not None else {}
    entries = section.entries
    blocks = []
    position = 0
    while position < len(entries):
        block = kept_blocks.get(entries[position])
        if (
            block is not None
            and block.models is models
            and entries[position : position + len(block.lines)] == block.lines
            and reread.isdisjoint(block.lines)
        ):
            blocks.append(block)
            position += len(block.lines)
            continue
        # A new block, up to where an old one may resume.
        end = position + 1
        while end < len(entries) and end - position < BLOCK_SIZE and entries[end] not in kept_blocks:
            end += 1
        blocks.append(_models_block(models, entries[position:end], known))
        position = end
    return ModelsPart(models, blocks)


def _models_block(models: ModelsSection, lines: list[Entry], known: dict[Entry, ModelsEntry]) -> ModelsBlock:
    missing = [entry for entry in lines if entry not in known]
    if len(missing) == len(lines):
        # Every line is new (always so in a one-off check): what they mean is the block as built.
        built = models_entries_in(lines, models)
        for models_entry in built:
            known[models_entry.entry] = models_entry
        return ModelsBlock(models, lines, built)
    for models_entry in models_entries_in(missing, models):
        known[models_entry.entry] = models_entry
    built = []
    for entry in lines:
        models_entry = known[entry]
        if models_entry.models is not models:
            # The same ID list, so the device-id rules know they judged these IDs already.
            models_entry = known[entry] = models_entry._replace(models=models)
        built.append(models_entry)
    return ModelsBlock(models, lines, built)


def models_entries_in(entries: list[Entry], models: ModelsSection) -> list[ModelsEntry]:
    """The Models entries a run of entries of a section that ``models`` names holds."""
    found: list[ModelsEntry] = []
    for entry in entries:
        values = entry.values
        install = values[0] if values else None
        ids = [
            DeviceId(value, parse_hardware_id(value.resolved.strip()), position > 1)
            for position, value in enumerate(values[1:], start=1)
            if not value.is_empty
        ]
        found.append(ModelsEntry(entry, models, install, ids))
    return found


def group_by_install(models_entries: list[ModelsEntry]) -> dict[tuple[str, str], list[ModelsEntry]]:
    """Models entries by the install name they give and the platform extension of their Models
    section, in order of first appearance; entries without an install name are left out."""
    groups: dict[tuple[str, str], list[ModelsEntry]] = {}
    # Written out (install_name, platform_extension) because a long Models section is built again
    # whenever its header is: each lookup counts. Entries come in runs of the same Models section.
    models: ModelsSection | None = None
    extension = ""
    for models_entry in models_entries:
        install = models_entry.install
        name = install.resolved.strip() if install is not None else ""
        if name:
            if models_entry.models is not models:
                models = models_entry.models
                extension = models.platform_extension
            key = (name, extension)
            group = groups.get(key)
            if group is None:
                groups[key] = [models_entry]
            else:
                group.append(models_entry)
    return groups


def device_ids_of(models_entries: list[ModelsEntry]) -> list[DeviceId]:
    return [
        device_id for models_entry in models_entries for device_id in models_entry.ids if device_id.hardware_id.text
    ]


def group_by_bus(device_ids: list[DeviceId]) -> dict[str, list[DeviceId]]:
    groups: dict[str, list[DeviceId]] = {}
    for device_id in device_ids:
        groups.setdefault(device_id.hardware_id.enumerator_upper, []).append(device_id)
    return groups
