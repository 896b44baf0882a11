r"""The firmware capsule model: what a UEFI UpdateCapsule package's INF sets up, as typed records.

A capsule package installs on the device Windows enumerates for one entry of
the EFI System Resource Table, whose hardware ID is ``UEFI\RES_{GUID}``. Its
install section copies the payload, and the install section's ``.Hw`` section
writes three values under the device's hardware key: ``FirmwareId`` (the
resource GUID), ``FirmwareVersion`` (a DWORD) and ``FirmwareFilename`` (where
the payload lies). Windows reads those values to hand the payload to
UpdateCapsule on the next boot.

This module reads those facts from the driver-package model
(:mod:`infcheck.package_model`) once per check, so the FW rules only judge
them. Component-firmware (CFU) packages use the Firmware class too but not
these values; only INF files listing a ``UEFI\RES_`` ID are capsule packages.

Sources: learn.microsoft.com/windows-hardware/drivers/bringup/ authoring-an-update-driver-package,
plug-and-play-device, esrt-table-definition, firmware-update-status.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from infcheck.caches import FileCache
from infcheck.capsule_ids import UEFI_ENUMERATOR
from infcheck.document import Entry, Value
from infcheck.driverver import DriverVer, DriverVerError, parse_driver_ver
from infcheck.facets.models import DeviceId, ModelsEntry
from infcheck.guids import normalize_guid
from infcheck.index import Index
from infcheck.package_model import (
    Destination,
    FileCopy,
    InstallTarget,
    PackageModel,
    RegistryOperation,
    cached_answer,
    package_model,
    parse_number,
    registry_writes,
)

RESOURCE_PART = "RES"

FIRMWARE_ID = "FirmwareId"
FIRMWARE_VERSION = "FirmwareVersion"
FIRMWARE_FILENAME = "FirmwareFilename"
FIRMWARE_VALUES = (FIRMWARE_ID, FIRMWARE_VERSION, FIRMWARE_FILENAME)
# An optional second file some capsules carry beside the payload, named the way FirmwareFilename is.
FIRMWARE_INTEGRITY_FILENAME = "FirmwareIntegrityFilename"

# FLG_ADDREG_TYPE_DWORD (inf-addreg-directive): FirmwareVersion must be written with it.
REG_DWORD_FLAGS = 0x00010001
# The flag bits that say a value's type; 0 is REG_SZ.
REGISTRY_TYPE_MASK = 0xFFFF0001

# The driver store (DIRID 13) holds the payload from Windows 10, version 1803 (build 17134) on.
DRIVER_STORE_DIRID = 13
WINDOWS_DIRID = 10
DEFAULT_DIRID = 11  # where CopyFiles copies when [DestinationDirs] says nothing: the system folder
WINDOWS_FIRMWARE_FOLDER = "firmware\\"  # below DIRID 10: where payloads went before version 1803
DRIVER_STORE_MIN_BUILD = 17134

# The test-only value that lets a capsule roll a resource back to an older version.
FIRMWARE_RESOURCES_KEY = "system\\currentcontrolset\\control\\firmwareresources\\"
ROLLBACK_POLICY_VALUE = "policy"


class CapsuleResource(NamedTuple):
    r"""A ``UEFI\RES_...`` ID a Models entry lists; ``guid`` is the resource GUID (lower case,
    no braces), ``None`` when the ID does not hold one."""

    device_id: DeviceId
    models_entry: ModelsEntry
    guid: str | None


class CapsuleInstall(NamedTuple):
    """One install section a capsule Models entry selects, with what it and its ``.Hw`` section do.

    ``hw_section`` is the ``.Hw`` section's name (``None`` when the INF has none);
    ``hw_writes`` are the values its AddReg sections write, ``install_writes`` those the
    install section's own AddReg writes (where firmware values have no effect);
    ``missing_hw_sections`` are the ``.Hw`` AddReg values naming sections that do not exist.
    """

    target: InstallTarget
    resource: CapsuleResource
    hw_section: str | None
    hw_writes: list[RegistryOperation]
    install_writes: list[RegistryOperation]
    copies: list[FileCopy]
    missing_hw_sections: list[Value]

    def hw_value(self, name: str) -> RegistryOperation | None:
        """The first line of the ``.Hw`` registry sections writing value ``name`` (any root)."""
        return _first_named(self.hw_writes, name)

    def install_value(self, name: str) -> RegistryOperation | None:
        """The first line of the install section's own registry sections writing value ``name``."""
        return _first_named(self.install_writes, name)


def _first_named(operations: list[RegistryOperation], name: str) -> RegistryOperation | None:
    wanted = name.lower()
    return next((operation for operation in operations if operation.value_name.lower() == wanted), None)


def resource_guid_of(device_id: DeviceId) -> str | None:
    """The GUID a ``RES_`` part holds, braced or not; ``None`` when it holds no GUID."""
    part = device_id.hardware_id.part(RESOURCE_PART)
    return normalize_guid(part.value) if part is not None else None


def is_capsule_id(device_id: DeviceId) -> bool:
    r"""Whether an ID names a UEFI firmware resource (``UEFI\RES_...``), however well written."""
    hardware_id = device_id.hardware_id
    return hardware_id.enumerator_upper == UEFI_ENUMERATOR and hardware_id.has(RESOURCE_PART)


def capsule_resources(index: Index) -> list[CapsuleResource]:
    r"""Every ``UEFI\RES_`` ID of every Models entry, in file order: empty for a package that is not a capsule."""
    if not is_capsule_package(index):
        return []  # most INF files: decided from the IDs by bus, without walking every entry
    found = []
    for models_entry in index.models_entries:
        for device_id in models_entry.ids:
            if is_capsule_id(device_id):
                found.append(CapsuleResource(device_id, models_entry, resource_guid_of(device_id)))
    return found


def is_capsule_package(index: Index) -> bool:
    return any(is_capsule_id(device_id) for device_id in index.device_ids_by_bus.get(UEFI_ENUMERATOR, ()))


def capsule_installs(model: PackageModel) -> list[CapsuleInstall]:
    """Each install section a capsule Models entry selects, once, with the first resource selecting it."""
    return cached_answer(model, "capsule_installs", _capsule_installs)


def _capsule_installs(model: PackageModel) -> list[CapsuleInstall]:
    resources = capsule_resources(model.index)
    if not resources:
        return []
    first_resource: dict[int, CapsuleResource] = {}
    for listed in resources:
        first_resource.setdefault(id(listed.models_entry), listed)
    writes = registry_writes(model)
    found = []
    seen: set[str] = set()
    for target in model.install_targets:
        resource = first_resource.get(id(target.models_entry))
        key = target.section_name.lower()
        if resource is None or key in seen:
            continue
        seen.add(key)
        hw_section = target.siblings.get("hw")
        if hw_section is not None:
            hw_section = model.document.sections_named(hw_section)[0].name  # as the INF writes it
        hw_key = hw_section.lower() if hw_section is not None else None
        found.append(
            CapsuleInstall(
                target,
                resource,
                hw_section,
                [write.operation for write in writes if write.install_section.key == hw_key],
                [write.operation for write in writes if write.install_section.key == key],
                [copy for copy in model.file_copies if copy.install_section.key == key],
                _missing_sections(model, hw_section) if hw_section is not None else [],
            )
        )
    return found


def _missing_sections(model: PackageModel, hw_section: str) -> list[Value]:
    document = model.document
    return [
        value
        for entry in model.directives_in(hw_section, "addreg")
        for value in entry.values
        if value.resolved.strip() and not document.has_section(value.resolved.strip())
    ]


def registry_type(operation: RegistryOperation) -> int:
    """The type bits of an AddReg line's flags (0, REG_SZ, when the flags are left out)."""
    return (operation.flags or 0) & REGISTRY_TYPE_MASK


def dword_value(operation: RegistryOperation) -> tuple[Value | None, int | None]:
    """The value an AddReg line writes and the number it reads as (``None``: not a number)."""
    value = operation.values[0] if operation.values else None
    return value, parse_number(value.resolved.strip().strip('"')) if value is not None and not value.is_empty else None


def rollback_policies(model: PackageModel) -> list[RegistryOperation]:
    r"""AddReg lines writing ``Policy`` under ``HKLM\SYSTEM\CurrentControlSet\Control\FirmwareResources\{GUID}``."""
    return [
        write.operation
        for write in registry_writes(model)
        if write.operation.root == "HKLM"
        and write.operation.subkey.lower().replace("/", "\\").startswith(FIRMWARE_RESOURCES_KEY)
        and write.operation.value_name.lower() == ROLLBACK_POLICY_VALUE
    ]


# -- versions, for comparing a package with the one it replaces ---------------------------------


class CapsuleVersions(NamedTuple):
    """What must grow from one release of a capsule package to the next: DriverVer and each
    resource's FirmwareVersion (by resource GUID), with the entries that write them."""

    driver_ver: DriverVer | None
    driver_ver_entry: Entry | None
    firmware_versions: dict[str, tuple[int, RegistryOperation]]


def capsule_versions(index: Index) -> CapsuleVersions:
    """DriverVer and the ``.Hw`` FirmwareVersion of each resource of the INF ``index`` describes."""
    entry = index.version.get("driverver")
    driver_ver = None
    if entry is not None:
        try:
            driver_ver = parse_driver_ver(",".join(value.resolved for value in entry.values), strict=False)
        except DriverVerError:
            driver_ver = None
    versions: dict[str, tuple[int, RegistryOperation]] = {}
    for install in capsule_installs(package_model(index)):
        operation = install.hw_value(FIRMWARE_VERSION)
        guid = install.resource.guid
        if operation is None or guid is None:
            continue
        number = dword_value(operation)[1]
        if number is not None:
            versions.setdefault(guid, (number, operation))
    return CapsuleVersions(driver_ver, entry, versions)


# The previous releases read for FW015, kept while each file is unchanged (an editor re-checks often).
_BASELINES: FileCache[CapsuleVersions] = FileCache(8)


def baseline_versions(baseline: str, checked_path: str) -> CapsuleVersions | None:
    """The versions of the previous release's INF a ``baseline`` option names (absolute, or relative
    to the checked file's folder); ``None`` when no baseline is set. Raises ``OSError`` when the
    file cannot be read."""
    if not baseline.strip():
        return None
    from infcheck.files import read_regular_file
    from infcheck.inputs import note_input
    from infcheck.parse import parse_bytes

    path = Path(os.path.dirname(os.path.abspath(checked_path)), baseline.strip())
    note_input(path)  # stored findings hold only while the baseline stays as it is

    def read(real: str) -> CapsuleVersions:
        return capsule_versions(Index(parse_bytes(read_regular_file(real), real)))

    return _BASELINES.get(path, read)


# -- the payload ------------------------------------------------------------------------------


def firmware_filename(
    install: CapsuleInstall, value_name: str = FIRMWARE_FILENAME
) -> tuple[RegistryOperation, Value, str] | None:
    """The ``.Hw`` FirmwareFilename line (or another value naming a file), its value and the file
    name it ends with; ``None`` without one."""
    operation = install.hw_value(value_name)
    if operation is None or not operation.values or operation.values[0].is_empty:
        return None
    value = operation.values[0]
    path = value.resolved.strip().strip('"').replace("/", "\\")
    return operation, value, path.rsplit("\\", 1)[-1]


def payload_copy(install: CapsuleInstall) -> FileCopy | None:
    """The copy of the file FirmwareFilename names, or the only file copied when FirmwareFilename
    is missing; ``None`` when neither says which file is the payload."""
    named = firmware_filename(install)
    if named is None:
        return install.copies[0] if len(install.copies) == 1 else None
    name = named[2].lower()
    return next((copy for copy in install.copies if copy.destination_name.lower() == name), None)


def payload_destination(model: PackageModel, install: CapsuleInstall) -> Destination | None:
    """Where the payload is copied: its [DestinationDirs] entry, else DefaultDestDir, else the system
    folder Windows copies to without either (``entry`` is then the CopyFiles line); ``None`` when
    there is no payload."""
    copy = payload_copy(install)
    if copy is None:
        return None
    return model.destination_for(copy.list_section) or Destination(copy.entry, DEFAULT_DIRID, "")


def expected_firmware_filename(destination: Destination, name: str) -> str | None:
    r"""What FirmwareFilename must say for a payload ``name`` copied to ``destination``: ``%13%\...``
    in the driver store, the path below ``%windir%\Firmware`` in the older layout; ``None`` elsewhere."""
    subdirectory = destination.subdirectory.replace("/", "\\").strip("\\")
    if destination.dirid == DRIVER_STORE_DIRID:
        return "%13%\\" + (subdirectory + "\\" if subdirectory else "") + name
    if destination.dirid == WINDOWS_DIRID and (subdirectory + "\\").lower().startswith(WINDOWS_FIRMWARE_FOLDER):
        below = subdirectory[len(WINDOWS_FIRMWARE_FOLDER) :]
        return (below + "\\" if below else "") + name
    return None


def same_path(first: str, second: str) -> bool:
    def normal(path: str) -> str:
        return path.strip().strip('"').replace("/", "\\").lower()

    return normal(first) == normal(second)


def integrity_copy(install: CapsuleInstall) -> FileCopy | None:
    """The copy of the file FirmwareIntegrityFilename names, if the capsule has one."""
    named = firmware_filename(install, FIRMWARE_INTEGRITY_FILENAME)
    if named is None:
        return None
    name = named[2].lower()
    return next((copy for copy in install.copies if copy.destination_name.lower() == name), None)
