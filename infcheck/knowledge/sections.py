"""Roles of INF sections: the fixed sections Windows finds by name, and the roles a section
gets from the lines that name it (a Models section, a DDInstall section and its family,
an add-registry section...).

Source: learn.microsoft.com/windows-hardware/drivers/install/ (the page of each section).
"""

from __future__ import annotations

# Sections Windows looks up by name (after any decoration); each is its own role, named by its
# lower-case name. In the order completion offers them.
FIXED_SECTIONS = (
    "Version",
    "Manufacturer",
    "SourceDisksNames",
    "SourceDisksFiles",
    "DestinationDirs",
    "ControlFlags",
    "TargetComputers",
    "DefaultInstall",
    "ClassInstall32",
    "Strings",
)
FIXED_SECTION_KEYS = frozenset(name.lower() for name in FIXED_SECTIONS)

# Sections whose keys are data, not directives.
DATA_SECTIONS = ("version", "strings", "sourcedisksnames", "sourcedisksfiles", "destinationdirs", "manufacturer")

# Data sections whose keys are nonetheless fixed words (Signature, Class, DefaultDestDir...).
DATA_SECTIONS_WITH_KEYWORDS = ("version", "destinationdirs")

# Suffixes of the sections that belong to a DDInstall section: [Install.NT.Services] and so on.
INSTALL_FAMILY_SUFFIXES = (
    "services",
    "hw",
    "coinstallers",
    "interfaces",
    "wdf",
    "components",
    "software",
    "logconfigoverride",
    "factdef",
    "events",
    "wmi",
    "filters",
    "com",
)

# Roles of the sections that hold installation directives; most file, registry and property
# directives go in all of them.
INSTALLING_ROLES = ("ddinstall", "defaultinstall", "classinstall32", "interface-install")

# Section role -> what such a section is for.
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
    "service-trigger": "An event that starts or stops the service an AddTrigger line names it for.",
    "wdf-service-install": "Gives the framework library version of a WDF driver service.",
    "interface-install": "Installs a device interface an AddInterface line registers.",
    "add-registry": "Registry values to add (HKR, subkey, value name, flags, value).",
    "del-registry": "Registry keys or values to delete.",
    "bit-registry": "Registry bits to set or clear.",
    "add-property": "Device properties to set.",
    "del-property": "Device properties to delete.",
    "file-list": "Files to copy, delete or rename; [DestinationDirs] says where.",
}


def fixed_role(base: str) -> str | None:
    """The role of a fixed section, from the lower-case first part of its name."""
    return base if base in FIXED_SECTION_KEYS else None
