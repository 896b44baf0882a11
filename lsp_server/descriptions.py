"""One-line explanations of INF sections and directives, and which directives each kind of section takes.

Hovers show these lines and completion offers the directives of the section
being edited. Section kinds ("roles") are worked out in :mod:`lsp_server.roles`.
Facts from Microsoft's INF reference pages (learn.microsoft.com/windows-hardware/drivers/install/);
the wording is ours.
"""

from __future__ import annotations

from typing import NamedTuple


class Directive(NamedTuple):
    name: str
    summary: str
    roles: tuple[str, ...]


# Sections that hold installation directives; most file, registry and property directives go in all of them.
_INSTALLING = ("ddinstall", "defaultinstall", "classinstall32", "interface-install")

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
    ),
    Directive("CopyINF", "Copies more INF files into the driver store with this one.", ("ddinstall", "defaultinstall")),
    Directive(
        "AddReg",
        "Adds registry values: names the add-registry sections to apply.",
        _INSTALLING + ("ddinstall.hw", "ddinstall.coinstallers", "service-install", "event-log-install"),
    ),
    Directive(
        "DelReg",
        "Deletes registry keys or values: names the del-registry sections to apply.",
        _INSTALLING + ("ddinstall.hw", "service-install", "event-log-install"),
    ),
    Directive(
        "BitReg",
        "Sets or clears bits of registry values: names the bit-registry sections.",
        _INSTALLING + ("ddinstall.hw", "service-install", "event-log-install"),
    ),
    Directive(
        "AddProperty", "Sets device properties: names the add-property sections.", _INSTALLING + ("ddinstall.hw",)
    ),
    Directive(
        "DelProperty", "Deletes device properties: names the del-property sections.", _INSTALLING + ("ddinstall.hw",)
    ),
    Directive(
        "Include",
        "Other (system) INF files whose sections Needs may name.",
        _INSTALLING + ("ddinstall.hw", "ddinstall.services", "ddinstall.interfaces"),
    ),
    Directive(
        "Needs",
        "Sections of the included INF files to process as part of this one.",
        _INSTALLING + ("ddinstall.hw", "ddinstall.services", "ddinstall.interfaces"),
    ),
    Directive(
        "FeatureScore", "A ranking hint, written 0xdd: a lower score makes this driver preferred.", ("ddinstall",)
    ),
    Directive("DelFiles", "Deletes files: names the file-list sections to delete.", _INSTALLING),
    Directive("RenFiles", "Renames files: names the rename sections.", _INSTALLING),
    Directive("RegisterDlls", "Registers COM DLLs: names the sections listing them.", _INSTALLING),
    Directive("UnregisterDlls", "Unregisters COM DLLs: names the sections listing them.", _INSTALLING),
    Directive("ProfileItems", "Adds Start menu items: names the profile-items sections.", _INSTALLING),
    Directive("UpdateInis", "Changes lines of .ini files: names the sections describing the changes.", _INSTALLING),
    Directive(
        "UpdateIniFields", "Changes fields of .ini file lines: names the sections describing the changes.", _INSTALLING
    ),
    Directive("Ini2Reg", "Moves .ini file lines into the registry: names the sections describing them.", _INSTALLING),
    Directive("LogConfig", "Legacy resource configurations for devices that are not Plug and Play.", ("ddinstall",)),
    Directive("ExcludeID", "Device IDs this install section must not be used for.", ("ddinstall",)),
    Directive(
        "Characteristics",
        "Net class: the adapter's NCF_* characteristics flags, such as 0x84 for a physical, removable adapter.",
        ("ddinstall",),
    ),
    Directive(
        "BusType", "Net class: the bus the adapter is on, as an INTERFACE_TYPE number (5 for PCI).", ("ddinstall",)
    ),
    Directive("Reboot", "Asks for a restart once the installation finishes.", ("ddinstall", "defaultinstall")),
    Directive("AddPowerSetting", "Adds power settings: names the sections describing them.", _INSTALLING),
    Directive(
        "AddEventProvider", "Registers an event tracing provider: its GUID and install section.", ("ddinstall.events",)
    ),
    # DDInstall.Services
    Directive(
        "AddService",
        "Installs a service: its name, flags, service-install section and event-log section.",
        ("ddinstall.services", "defaultinstall.services"),
    ),
    Directive("DelService", "Removes a service by name.", ("ddinstall.services", "defaultinstall.services")),
    # DDInstall.Interfaces, .Components, .Software, .Wdf
    Directive(
        "AddInterface",
        "Registers a device interface: its class GUID, reference string and install section.",
        ("ddinstall.interfaces",),
    ),
    Directive(
        "AddComponent",
        "Creates a software component device: its name, flags and install section.",
        ("ddinstall.components",),
    ),
    Directive(
        "AddSoftware",
        "Installs a software package with the device: its name, flags and install section.",
        ("ddinstall.software",),
    ),
    Directive(
        "KmdfService",
        "Binds a KMDF driver service to its library: the service name and a section with KmdfLibraryVersion.",
        ("ddinstall.wdf",),
    ),
    Directive(
        "UmdfService",
        "Binds a UMDF driver to its library: the service name and a section with UmdfLibraryVersion.",
        ("ddinstall.wdf",),
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
        "AddTrigger", "Starts or stops the service on an event: names the trigger section.", ("service-install",)
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


def directives_for(role: str) -> list[Directive]:
    """The directives a section of this kind takes, in a sensible order."""
    return [directive for directive in _LIST if role in directive.roles]


# Section kind -> what such a section is for.
SECTION_ROLES: dict[str, str] = {
    "version": "Identifies the file as an INF and names its class, provider, catalog and driver version.",
    "manufacturer": "Lists the manufacturers; each line names a Models section and the platforms it is for.",
    "models": "Lists devices: a description, the install section and the hardware and compatible IDs of each.",
    "strings": "Defines the %tokens% used elsewhere in the file.",
    "strings.localized": "Defines the %tokens% for one language; it must repeat every token of [Strings].",
    "sourcedisksnames": "Names the source disks (or folders) the package's files come from.",
    "sourcedisksfiles": "Says on which source disk each file of the package is.",
    "destinationdirs": "Says into which folder (DIRID) each file list copies.",
    "controlflags": "Controls how devices are offered in the user interface.",
    "targetcomputers": "Limits installation to the computers whose CHIDs it lists.",
    "defaultinstall": "Installs the package when it is right-clicked and installed, or for a primitive driver.",
    "classinstall32": "Installs a new device setup class.",
    "ddinstall": "A DDInstall section: installs the devices whose Models entries name it.",
    "ddinstall.services": "Installs (or removes) the services of the devices, with AddService.",
    "ddinstall.hw": "Sets hardware (device) registry keys and properties of the devices.",
    "ddinstall.coinstallers": "Registers co-installers, which signed packages may no longer use.",
    "ddinstall.interfaces": "Registers device interfaces for the devices.",
    "ddinstall.wdf": "Binds the WDF driver services of the devices to their framework libraries.",
    "ddinstall.components": "Creates software component devices.",
    "ddinstall.software": "Installs software packages with the devices.",
    "ddinstall.events": "Registers event tracing providers.",
    "ddinstall.filters": "Adds filter drivers to the device stack.",
    "ddinstall.logconfigoverride": "Overrides the device's resource configuration.",
    "ddinstall.factdef": "The factory default resources of a device that is not Plug and Play.",
    "ddinstall.wmi": "Sets the security of WMI data blocks.",
    "ddinstall.com": "Registers COM servers.",
    "service-install": "Describes a service an AddService line installs.",
    "event-log-install": "Registers the service's event log source.",
    "wdf-service-install": "Gives the framework library version of a WDF driver service.",
    "interface-install": "Installs a device interface an AddInterface line registers.",
    "add-registry": "Registry values to add (HKR, subkey, value name, flags, value).",
    "del-registry": "Registry keys or values to delete.",
    "bit-registry": "Registry bits to set or clear.",
    "add-property": "Device properties to set.",
    "del-property": "Device properties to delete.",
    "file-list": "Files to copy, delete or rename; [DestinationDirs] says where.",
}

# The section kind of a section named by a directive, by directive and (for fixed positions) value position.
REFERENCE_ROLES: dict[str, str] = {
    "copyfiles": "file-list",
    "delfiles": "file-list",
    "renfiles": "file-list",
    "addreg": "add-registry",
    "delreg": "del-registry",
    "bitreg": "bit-registry",
    "addproperty": "add-property",
    "delproperty": "del-property",
    "addinterface": "interface-install",
    "kmdfservice": "wdf-service-install",
    "umdfservice": "wdf-service-install",
}
SERVICE_ROLES = {2: "service-install", 3: "event-log-install"}

# Sections known by name (after any decoration), and their kinds.
FIXED_SECTIONS = {
    "version": "version",
    "manufacturer": "manufacturer",
    "strings": "strings",
    "sourcedisksnames": "sourcedisksnames",
    "sourcedisksfiles": "sourcedisksfiles",
    "destinationdirs": "destinationdirs",
    "controlflags": "controlflags",
    "targetcomputers": "targetcomputers",
    "defaultinstall": "defaultinstall",
    "classinstall32": "classinstall32",
}
