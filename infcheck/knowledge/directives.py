"""INF directives: what each does, the roles of the sections it goes in, and which of its
fields name other sections, and of which role (the job the named section does).

The index finds section references from ``names``; hovers show ``summary``; completion
offers the directives whose ``goes_in`` holds the role of the section being edited.
Facts from Microsoft's INF reference pages (learn.microsoft.com/windows-hardware/drivers/install/,
one page per directive); the wording is ours.
"""

from __future__ import annotations

from typing import NamedTuple

from infcheck.knowledge.sections import INSTALLING_ROLES

ALL = -1  # a field position that stands for every value of the entry


class SectionField(NamedTuple):
    """A field of a directive that names sections: its 0-based position after the ``=``
    (``ALL``: every value), and the role of the sections it names when that is known."""

    position: int
    role: str | None = None


class Directive(NamedTuple):
    name: str  # as Microsoft writes it
    summary: str  # one line for hovers and completion; empty when not described yet
    goes_in: tuple[str, ...]  # the section roles it may be written in
    names: tuple[SectionField, ...] = ()  # its fields that name sections of this file
    foreign: bool = False  # it names sections or files of other INF files (Include, Needs)


_INSTALLING = INSTALLING_ROLES

_LIST = [
    # [Version]
    Directive("Signature", 'Marks the file as an INF: "$Windows NT$" (or the older "$Chicago$").', ("version",)),
    Directive("Class", "The device setup class of the devices this INF installs, such as Net or Media.", ("version",)),
    Directive(
        "ClassGuid", "The GUID of the setup class, which must match the Class name for system classes.", ("version",)
    ),
    Directive("Provider", "Who wrote the INF (usually a %token%); it may not be Microsoft.", ("version",)),
    Directive(
        "CatalogFile",
        "The signed catalog (.cat) that covers the package; without it the driver counts as unsigned.",
        ("version",),
    ),
    Directive(
        "DriverVer",
        "The driver's date and version, written mm/dd/yyyy,w.x.y.z; used to rank drivers.",
        ("version", "ddinstall"),
    ),
    Directive("PnpLockdown", "1 stops other programs from changing the files this INF copies.", ("version",)),
    Directive("ExtensionId", "The GUID that identifies an extension INF across its versions.", ("version",)),
    Directive("ClassVer", "A class version, reserved for the classes that ask for it.", ("version",)),
    Directive("DriverPackageType", "Obsolete: was read by the DIFx tools.", ("version",)),
    Directive("DriverPackageDisplayName", "Obsolete: was read by the DIFx tools.", ("version",)),
    Directive("LayoutFile", "Windows 2000 and XP only: the layout INF describing the source media.", ("version",)),
    # DDInstall and other installing sections
    Directive(
        "CopyFiles",
        "Copies files: names the file-list sections to copy (or @file for a single file).",
        _INSTALLING + ("ddinstall.coinstallers",),
        names=(SectionField(ALL, "file-list"),),
    ),
    Directive("CopyINF", "Copies more INF files into the driver store with this one.", ("ddinstall", "defaultinstall")),
    Directive(
        "AddReg",
        "Adds registry values: names the add-registry sections to apply.",
        _INSTALLING + ("ddinstall.hw", "ddinstall.coinstallers", "service-install", "event-log-install"),
        names=(SectionField(ALL, "add-registry"),),
    ),
    Directive(
        "DelReg",
        "Deletes registry keys or values: names the del-registry sections to apply.",
        _INSTALLING + ("ddinstall.hw", "service-install", "event-log-install"),
        names=(SectionField(ALL, "del-registry"),),
    ),
    Directive(
        "BitReg",
        "Sets or clears bits of registry values: names the bit-registry sections.",
        _INSTALLING + ("ddinstall.hw", "service-install", "event-log-install"),
        names=(SectionField(ALL, "bit-registry"),),
    ),
    Directive(
        "AddProperty",
        "Sets device properties: names the add-property sections.",
        _INSTALLING + ("ddinstall.hw",),
        names=(SectionField(ALL, "add-property"),),
    ),
    Directive(
        "DelProperty",
        "Deletes device properties: names the del-property sections.",
        _INSTALLING + ("ddinstall.hw",),
        names=(SectionField(ALL, "del-property"),),
    ),
    Directive(
        "Include",
        "Other (system) INF files whose sections Needs may name.",
        _INSTALLING + ("ddinstall.hw", "ddinstall.services", "ddinstall.interfaces"),
        foreign=True,
    ),
    Directive(
        "Needs",
        "Sections of the included INF files to process as part of this one.",
        _INSTALLING + ("ddinstall.hw", "ddinstall.services", "ddinstall.interfaces"),
        names=(SectionField(ALL),),
        foreign=True,
    ),
    Directive(
        "FeatureScore", "A ranking hint, written 0xdd: a lower score makes this driver preferred.", ("ddinstall",)
    ),
    Directive(
        "DelFiles",
        "Deletes files: names the file-list sections to delete.",
        _INSTALLING,
        names=(SectionField(ALL, "file-list"),),
    ),
    Directive(
        "RenFiles", "Renames files: names the rename sections.", _INSTALLING, names=(SectionField(ALL, "file-list"),)
    ),
    Directive(
        "RegisterDlls", "Registers COM DLLs: names the sections listing them.", _INSTALLING, names=(SectionField(ALL),)
    ),
    Directive(
        "UnregisterDlls",
        "Unregisters COM DLLs: names the sections listing them.",
        _INSTALLING,
        names=(SectionField(ALL),),
    ),
    Directive(
        "ProfileItems",
        "Adds Start menu items: names the profile-items sections.",
        _INSTALLING,
        names=(SectionField(ALL),),
    ),
    Directive(
        "UpdateInis",
        "Changes lines of .ini files: names the sections describing the changes.",
        _INSTALLING,
        names=(SectionField(ALL),),
    ),
    Directive(
        "UpdateIniFields",
        "Changes fields of .ini file lines: names the sections describing the changes.",
        _INSTALLING,
        names=(SectionField(ALL),),
    ),
    Directive(
        "Ini2Reg",
        "Moves .ini file lines into the registry: names the sections describing them.",
        _INSTALLING,
        names=(SectionField(ALL),),
    ),
    Directive(
        "LogConfig",
        "Legacy resource configurations for devices that are not Plug and Play.",
        ("ddinstall",),
        names=(SectionField(ALL),),
    ),
    Directive("ExcludeID", "Device IDs this install section must not be used for.", ("ddinstall",)),
    Directive(
        "WMIInterface",
        "Sets the security of a WMI data block: its GUID, flags and the section holding the descriptor.",
        ("ddinstall.wmi",),
        names=(SectionField(2),),
    ),
    Directive(
        "Characteristics",
        "Net class: the adapter's NCF_* characteristics flags, such as 0x84 for a physical, removable adapter.",
        ("ddinstall",),
    ),
    Directive(
        "BusType", "Net class: the bus the adapter is on, as an INTERFACE_TYPE number (5 for PCI).", ("ddinstall",)
    ),
    Directive("Reboot", "Asks for a restart once the installation finishes.", ("ddinstall", "defaultinstall")),
    Directive(
        "AddPowerSetting",
        "Adds power settings: names the sections describing them.",
        _INSTALLING,
        names=(SectionField(ALL),),
    ),
    Directive(
        "AddEventProvider",
        "Registers an event tracing provider: its GUID and install section.",
        ("ddinstall.events",),
        names=(SectionField(1),),
    ),
    # DDInstall.Services
    Directive(
        "AddService",
        "Installs a service: its name, flags, service-install section and event-log section.",
        ("ddinstall.services", "defaultinstall.services"),
        names=(
            SectionField(2, "service-install"),
            SectionField(3, "event-log-install"),
        ),
    ),
    Directive("DelService", "Removes a service by name.", ("ddinstall.services", "defaultinstall.services")),
    # DDInstall.Interfaces, .Components, .Software, .Wdf
    Directive(
        "AddInterface",
        "Registers a device interface: its class GUID, reference string and install section.",
        ("ddinstall.interfaces",),
        names=(SectionField(2, "interface-install"),),
    ),
    Directive(
        "AddComponent",
        "Creates a software component device: its name, flags and install section.",
        ("ddinstall.components",),
        names=(SectionField(2),),
    ),
    Directive(
        "AddSoftware",
        "Installs a software package with the device: its name, flags and install section.",
        ("ddinstall.software",),
        names=(SectionField(2),),
    ),
    # Described nowhere yet, so neither hovered nor offered; its install section is still a reference.
    Directive("AddFilter", "", (), names=(SectionField(2),)),
    Directive(
        "KmdfService",
        "Binds a KMDF driver service to its library: the service name and a section with KmdfLibraryVersion.",
        ("ddinstall.wdf",),
        names=(SectionField(1, "wdf-service-install"),),
    ),
    Directive(
        "UmdfService",
        "Binds a UMDF driver to its library: the service name and a section with UmdfLibraryVersion.",
        ("ddinstall.wdf",),
        names=(SectionField(1, "wdf-service-install"),),
    ),
    Directive("UmdfServiceOrder", "The order in which the UMDF drivers of the device stack load.", ("ddinstall.wdf",)),
    Directive("UmdfKernelModeClientPolicy", "Lets kernel-mode clients talk to a UMDF driver.", ("ddinstall.wdf",)),
    Directive(
        "UmdfDispatcher", "How a UMDF driver reaches its device (for example FileHandle or WinUsb).", ("ddinstall.wdf",)
    ),
    Directive("KmdfLibraryVersion", "The KMDF version the driver was built with.", ("wdf-service-install",)),
    Directive("UmdfLibraryVersion", "The UMDF version the driver was built with.", ("wdf-service-install",)),
    Directive(
        "ServiceBinary",
        "The driver or service image, as a path starting with a DIRID such as %13%.",
        ("service-install", "wdf-service-install"),
    ),
    # Service install sections
    Directive("DisplayName", "The name shown for the service.", ("service-install",)),
    Directive("Description", "The description shown for the service.", ("service-install",)),
    Directive(
        "ServiceType",
        "1 for a kernel driver, 2 for a file system driver, 0x10 for a Win32 service.",
        ("service-install",),
    ),
    Directive(
        "StartType",
        "When the service starts: 0 boot, 1 system, 2 automatic, 3 on demand, 4 disabled.",
        ("service-install",),
    ),
    Directive(
        "ErrorControl",
        "What Windows does if the service fails to start: 0 ignore, 1 normal, 2 severe, 3 critical.",
        ("service-install",),
    ),
    Directive("LoadOrderGroup", "The load-order group the driver belongs to.", ("service-install",)),
    Directive("Dependencies", "Services or load-order groups that must start first.", ("service-install",)),
    Directive("StartName", "The account the service runs as.", ("service-install",)),
    Directive("Security", "A security descriptor (SDDL) for the service.", ("service-install",)),
    Directive("ServiceSidType", "The kind of security identifier the service gets.", ("service-install",)),
    Directive("DelayedAutoStart", "1 starts an automatic service a little after the others.", ("service-install",)),
    Directive(
        "AddTrigger",
        "Starts or stops the service on an event: names the trigger section.",
        ("service-install",),
        names=(SectionField(0, "service-trigger"),),
    ),
    # Other data sections
    Directive(
        "DefaultDestDir",
        "The folder (a DIRID, optionally with a subfolder) for file lists not named here.",
        ("destinationdirs",),
    ),
    Directive(
        "ExcludeFromSelect",
        "Device IDs (or *) that are not offered when a user picks a driver by hand.",
        ("controlflags",),
    ),
    Directive("CopyFilesOnly", "Device IDs whose installation only copies files.", ("controlflags",)),
    Directive("InteractiveInstall", "Device IDs that need a user at the console to install.", ("controlflags",)),
]

DIRECTIVES: dict[str, Directive] = {directive.name.lower(): directive for directive in _LIST}

# Directive (lower case) -> which of its values name sections: "all", or a tuple of 0-based positions.
SECTION_REFERENCES: dict[str, str | tuple[int, ...]] = {
    key: "all" if directive.names[0].position == ALL else tuple(field.position for field in directive.names)
    for key, directive in DIRECTIVES.items()
    if directive.names
}

# Directives whose values name sections and files of other INF files.
FOREIGN_REFERENCES = frozenset(key for key, directive in DIRECTIVES.items() if directive.foreign)


def directives_for(role: str) -> list[Directive]:
    """The directives a section of this role takes, in a sensible order."""
    return [directive for directive in _LIST if role in directive.goes_in]


def names_section(directive: str, position: int) -> bool:
    """Whether value ``position`` (0-based, after the ``=``) of ``directive`` (lower case) names a section."""
    found = DIRECTIVES.get(directive)
    return found is not None and any(field.position in (ALL, position) for field in found.names)


def section_role_named(directive: str, position: int) -> str | None:
    """The role of the section value ``position`` of ``directive`` (lower case) names, when known."""
    found = DIRECTIVES.get(directive)
    if found is None:
        return None
    return next((field.role for field in found.names if field.position in (ALL, position)), None)
