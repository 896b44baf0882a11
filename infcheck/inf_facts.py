"""What one INF says about its package, as small plain records for the package and repository rules.

Package and repository rules judge several files together, after every file's own check, and
possibly in another process than the one that parsed the file. They read these records instead
of a document: each is worked out from the driver-package model
(:mod:`infcheck.package_model`) and the index facets of one check, is a pure function of the
file's bytes (so it may be kept with a cached result), and pickles in a few kilobytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from infcheck.capsule_ids import lists_uefi_ids
from infcheck.document import Document, Entry, Span
from infcheck.driverver import DriverVer, DriverVerError, parse_driver_ver
from infcheck.suppress import Suppressions, find_suppressions

if TYPE_CHECKING:
    from infcheck.index import Index
    from infcheck.package_model import PackageModel

# The records load without the index and the package model: a run answered from the result cache
# reads them back (infcheck/inf_facts_data.py) without loading either; working them out does.

# The FeatureScore a driver ranks with when its DDInstall section gives none (inf-featurescore-directive).
DEFAULT_FEATURE_SCORE = 0xFF

# Service types of kernel-mode drivers (inf-addservice-directive): their binary is a native image.
KERNEL_SERVICE_TYPES = frozenset({0x1, 0x2})


class CopiedFile(NamedTuple):
    """A file the INF copies on one architecture, and where the package folder must hold it.

    ``relative_path`` is the SourceDisksNames path, the SourceDisksFiles subdirectory and the
    name joined with ``/``, relative to the INF's folder, as written (letter case included).
    """

    name: str  # the source file name
    destination_name: str
    architecture: str | None  # the architecture the copying section installs on; None when it cannot be told
    relative_path: str
    span: Span  # the file-list entry (or the CopyFiles = @file value)
    listed_span: Span  # the [SourceDisksFiles] entry that lists it
    listed_section: str  # that entry's section, as "SourceDisksFiles.arm64"
    # Whether the place is the architecture's own: the file is listed in [SourceDisksFiles.<arch>] or its disk
    # in [SourceDisksNames.<arch>]. Otherwise every architecture reads the same place, which holds one build:
    # a package folder is then built for one of them.
    architecture_specific: bool


class ListedFile(NamedTuple):
    """A name in ``[SourceDisksFiles]`` or ``[SourceDisksFiles.<arch>]``."""

    name: str
    architecture: str | None
    span: Span


class ServiceBinary(NamedTuple):
    """A service the INF installs with AddService, and the binary its ServiceBinary names."""

    name: str
    binary: str  # the ServiceBinary as resolved, without quotes; "" when the section gives none
    service_type: int | None
    span: Span  # the service name in the AddService directive
    architectures: tuple[str, ...]  # those of the section holding the directive, sorted

    @property
    def binary_name(self) -> str:
        """The file name ServiceBinary ends with."""
        return self.binary.rpartition("\\")[2]

    @property
    def is_kernel_driver(self) -> bool:
        return self.service_type in KERNEL_SERVICE_TYPES


class OfferedId(NamedTuple):
    """A hardware or compatible ID a Models entry offers on one architecture, with what ranks it."""

    text: str  # as resolved
    compatible: bool
    position: int  # 1 for the first ID of the entry: its place decides the rank
    architecture: str
    target: tuple[int, int, int, int]  # the decoration's major, minor, product type and build (0 when not given)
    target_text: str  # the decoration as written, or "" for none
    install_section: str
    feature_score: int
    span: Span


class FirmwareVersionFact(NamedTuple):
    """The FirmwareVersion a capsule INF writes for one firmware resource, and where."""

    resource: str  # the resource GUID, normalized
    number: int
    span: Span  # the FirmwareVersion value


class InfFacts(NamedTuple):
    """What one INF says about its package; see the module documentation."""

    path: str  # the path findings carry
    driver_ver: DriverVer | None
    driver_ver_span: Span
    catalog_files: tuple[tuple[str, Span], ...]  # each CatalogFile[.<decoration>] name with its value's span
    is_extension: bool
    extension_id: str | None  # as written, braces included
    extension_id_span: Span
    copies: tuple[CopiedFile, ...]
    listed_files: tuple[ListedFile, ...]
    services: tuple[ServiceBinary, ...]
    offered_ids: tuple[OfferedId, ...]
    is_stampinf_source: bool
    suppressions: Suppressions
    firmware_versions: tuple[FirmwareVersionFact, ...] = ()  # capsule packages only (UEFI\\RES_ IDs)

    @property
    def file_name(self) -> str:
        return self.path.replace("\\", "/").rpartition("/")[2]


def inf_facts(document: Document, index: Index) -> InfFacts:
    """The facts of one parsed INF, read from its index and package model."""
    from infcheck.package_model import package_model

    model = package_model(index)
    version = index.version
    driver_ver_entry = version.get("driverver")
    driver_ver = None
    if driver_ver_entry is not None:
        try:
            driver_ver = parse_driver_ver(",".join(value.resolved for value in driver_ver_entry.values))
        except DriverVerError:
            driver_ver = None
    extension_entry = version.get("extensionid")
    class_name = (version.text("class") or "").lower()
    return InfFacts(
        path=document.path,
        driver_ver=driver_ver,
        driver_ver_span=_value_span(driver_ver_entry, document),
        catalog_files=tuple(
            (value.resolved.strip(), value.span)
            for entry in version.catalog_entries
            if (value := entry.value(0)) is not None and value.resolved.strip()
        ),
        is_extension=class_name == "extension",
        extension_id=version.text("extensionid") or None,
        extension_id_span=_value_span(extension_entry, document),
        copies=tuple(copied_files(model)),
        listed_files=tuple(
            ListedFile(item.name, item.architecture, _key_span(item.entry)) for item in model.source_disks_files
        ),
        services=tuple(_services(model)),
        offered_ids=tuple(offered_ids(model)),
        is_stampinf_source=index.is_stampinf_source,
        suppressions=find_suppressions(document),
        firmware_versions=firmware_version_facts(index),
    )


def firmware_version_facts(index: Index) -> tuple[FirmwareVersionFact, ...]:
    """The FirmwareVersion of each firmware resource a capsule INF updates (none for other INFs)."""
    if not lists_uefi_ids(index):
        return ()
    from infcheck.capsule_model import capsule_versions, is_capsule_package

    if not is_capsule_package(index):
        return ()
    facts = []
    for resource, (number, operation) in sorted(capsule_versions(index).firmware_versions.items()):
        value = operation.values[0] if operation.values else None
        facts.append(FirmwareVersionFact(resource, number, value.span if value is not None else operation.entry.span))
    return tuple(facts)


def _value_span(entry: Entry | None, document: Document) -> Span:
    if entry is None:
        return document.start_span
    value = entry.value(0)
    return value.span if value is not None and not value.is_empty else entry.span


def _key_span(entry: Entry) -> Span:
    return entry.key_span or entry.span


def _folder_path(*parts: str) -> str:
    """INF path pieces (``\\sub\\dir``) joined as a relative POSIX path."""
    pieces = [piece for part in parts for piece in part.replace("\\", "/").split("/") if piece and piece != "."]
    return "/".join(pieces)


def copied_files(model: PackageModel) -> list[CopiedFile]:
    """Every file the INF copies, once per architecture its copying section installs on, with the
    place SourceDisksNames and SourceDisksFiles give it; files neither lists are left out (IV1230)."""
    found = []
    seen: set[tuple[int, str | None]] = set()
    for copy in model.file_copies:
        architectures: list[str | None] = [*sorted(model.architectures_of_section(copy.install_section))] or [None]
        for architecture in architectures:
            if (copy.value.start, architecture) in seen:
                continue
            seen.add((copy.value.start, architecture))
            listed = model.source_file(copy.source_name, architecture)
            if listed is None:
                continue
            disk = model.source_disk(listed.disk_id, architecture or listed.architecture)
            disk_path = disk.path if disk is not None else ""
            section = "SourceDisksFiles" + (f".{listed.architecture}" if listed.architecture else "")
            found.append(
                CopiedFile(
                    listed.name,
                    copy.destination_name,
                    architecture,
                    _folder_path(disk_path, listed.subdirectory, listed.name),
                    copy.value.span,
                    _key_span(listed.entry),
                    section,
                    listed.architecture is not None or (disk is not None and disk.architecture is not None),
                )
            )
    return found


def _services(model: PackageModel) -> list[ServiceBinary]:
    from infcheck.package_model import parse_number

    found = []
    for service in model.add_services:
        if not service.name or service.install_section is None:
            continue
        install = model.service_install(service.install_section)
        binary = service_type = None
        if install is not None:
            binary_entry = install.keys.get("servicebinary")
            type_entry = install.keys.get("servicetype")
            binary = binary_entry.value(0) if binary_entry is not None else None
            type_value = type_entry.value(0) if type_entry is not None else None
            service_type = parse_number(type_value.resolved) if type_value is not None else None
        section = service.entry.section
        architectures = tuple(sorted(model.architectures_of_section(section))) if section is not None else ()
        name_value = service.entry.value(0)
        found.append(
            ServiceBinary(
                service.name.strip('"'),
                binary.resolved.strip().strip('"') if binary is not None else "",
                service_type,
                name_value.span if name_value is not None else service.entry.span,
                architectures,
            )
        )
    return found


def feature_score(model: PackageModel, section_name: str) -> int:
    entries = model.directives_in(section_name, "featurescore")
    value = entries[0].value(0) if entries else None
    if value is None:
        return DEFAULT_FEATURE_SCORE
    text = value.resolved.strip().lower()
    try:
        return int(text, 16)
    except ValueError:
        return DEFAULT_FEATURE_SCORE


def offered_ids(model: PackageModel) -> list[OfferedId]:
    """Every ID of every Models entry that installs, once per architecture, in file order."""
    from infcheck.package_model import STAMPINF_ARCHITECTURE

    found = []
    for target in model.install_targets:
        if target.architecture == STAMPINF_ARCHITECTURE:
            continue
        os = target.models_entry.models.target
        key = (os.major or 0, os.minor or 0, os.product_type or 0, os.build or 0) if os is not None else (0, 0, 0, 0)
        score = feature_score(model, target.section_name)
        for position, device_id in enumerate(target.models_entry.ids, start=1):
            text = device_id.hardware_id.text
            if text:
                found.append(
                    OfferedId(
                        text,
                        device_id.compatible,
                        position,
                        target.architecture,
                        key,
                        os.text if os is not None else "",
                        target.section_name,
                        score,
                        device_id.span,
                    )
                )
    return found
