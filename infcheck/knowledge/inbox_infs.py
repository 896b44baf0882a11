"""Inbox INF files that driver packages Include, and the sections of them that are documented.

Windows ships these INF files in %SystemRoot%\\INF; a package takes a part of their installation
with ``Include = name.inf`` and ``Needs = section``. Their full text is not published, so each
table lists only the sections a source shows to exist, each with that source: a Microsoft page
that tells drivers to Need the section, or a driver sample of microsoft/Windows-driver-samples
(the reference corpus) that Needs it. No table is complete: a section missing here may well exist
in the INF, so the rules use the tables only to say that a section *is* in an inbox INF, never
that it is not.
"""

from __future__ import annotations

from typing import NamedTuple


class InboxSection(NamedTuple):
    """A section known to be in an inbox INF file, with the source that shows it."""

    name: str  # as the source writes it
    source: str


_REFLECTOR = "learn.microsoft.com/windows-hardware/drivers/wdf/adding-the-reflector"
_AUDIO = "learn.microsoft.com/windows-hardware/drivers/audio/installing-in-windows"
_DDINSTALL = "learn.microsoft.com/windows-hardware/drivers/install/inf-ddinstall-section (example)"
_UVC = "learn.microsoft.com/windows-hardware/drivers/stream/providing-a-uvc-inf-file"
_MTP = "learn.microsoft.com/windows-hardware/drivers/portable/the-mtp-setup-information---inf--file"
_VWIFI = (
    "learn.microsoft.com/previous-versions/windows/hardware/wireless/inf-file-settings-for-virtual-wifi "
    "(Specifying Virtual WiFi Bus Dependencies)"
)
_SAMPLES = "microsoft/Windows-driver-samples "


def _sections(source: str, *names: str) -> tuple[InboxSection, ...]:
    return tuple(InboxSection(name, source) for name in names)


# Inbox INF file name (lower case) -> the sections known to be in it.
INBOX_INF_SECTIONS: dict[str, tuple[InboxSection, ...]] = {
    "wudfrd.inf": _sections(
        _REFLECTOR,
        "WUDFRD.NT",
        "WUDFRD.NT.HW",
        "WUDFRD.NT.Services",
        "WUDFRD_UpperFilter.NT",
        "WUDFRD_UpperFilter.NT.HW",
        "WUDFRD_UpperFilter.NT.Services",
        "WUDFRD_UpperFilter.NT.Filters",
        "WUDFRD_LowerFilter.NT",
        "WUDFRD_LowerFilter.NT.HW",
        "WUDFRD_LowerFilter.NT.Services",
        "WUDFRD_LowerFilter.NT.Filters",
    ),
    "mshidkmdf.inf": _sections(
        _SAMPLES + "hid/hidusbfx2/sys/hidusbfx2.inx", "MsHidKmdf.NT", "MsHidKmdf.NT.HW", "MsHidKmdf.NT.Services"
    ),
    "mshidumdf.inf": _sections(
        _SAMPLES + "hid/vhidmini2/driver/umdf2/VhidminiUm.inx",
        "MsHidUmdf.NT",
        "MsHidUmdf.NT.HW",
        "MsHidUmdf.NT.Services",
    ),
    "ks.inf": _sections(_AUDIO, "KS.Registration"),
    "wdmaudio.inf": _sections(_AUDIO, "WDMAUDIO.Registration") + _sections(_DDINSTALL, "WDMAUDIO.Registration.NT"),
    "kscaptur.inf": _sections(_UVC, "KSCAPTUR.Registration.NT"),
    "usbvideo.inf": _sections(_UVC, "USBVideo.NT", "USBVideo.NT.Services", "USBVideo.NT.HW", "USBVideo.NT.WDF"),
    "winusb.inf": _sections(_MTP, "WINUSB.NT"),
    "wpdmtp.inf": _sections(_MTP, "WPD.MTP", "WPD.MTP.Registration", "WPD.MTP.Registration.Basic", "WPD.MTP.Services"),
    "sti.inf": _sections(_SAMPLES + "wia/ProdScan/ProdScan.inx", "STI.SerialSection", "STI.SerialSection.Services")
    + _sections(_SAMPLES + "wia/microdrv/testmcro.inx", "STI.MicroDriverSection"),
    "netcxrd.inf": _sections(
        _SAMPLES + "network/wlan/wificx/um/wificxsampleclientum.inf",
        "netcxrd_Filter.NT",
        "netcxrd_Filter.NT.HW",
        "netcxrd_Filter.NT.Services",
        "netcxrd_Filter.NT.Filters",
    ),
    "netvwifibus.inf": _sections(_VWIFI, "VWiFiBus.CopyFiles", "VWiFiBus.Services", "VWiFiBus.PnPFilterRegistration")
    + _sections(
        _SAMPLES + "network/wlan/WDI/PLATFORM/WinInf/SDIO/x64/netrtwlans.inf", "vwifibus.PnpFilterRegistration.HW"
    ),
    "keyboard.inf": _sections(
        _SAMPLES + "input/kbfiltr/sys/kbfiltr.inx", "STANDARD_Inst", "STANDARD_Inst.HW", "STANDARD_Inst.Services"
    ),
    "msmouse.inf": _sections(_SAMPLES + "input/moufiltr/moufiltr.inx", "PS2_Inst", "PS2_Inst.HW", "PS2_Inst.Services")
    + _sections(
        _SAMPLES + "hid/firefly/driver/firefly.inx",
        "HID_Mouse_Inst.NT",
        "HID_Mouse_Inst.NT.HW",
        "HID_Mouse_Inst.NT.Services",
    ),
    "pci.inf": _sections(_SAMPLES + "network/wwan/cxwmbclass/cxwmbclass/cxwmbclass.inf", "PciD3ColdSupported.HW"),
    "battery.inf": _sections(_SAMPLES + "simbatt/func/simbatt.inx", "Battery_Inst"),
}

# Section name (lower case) -> the inbox INF files (lower case) known to define it.
_DEFINED_IN: dict[str, tuple[str, ...]] = {}
for _file, _known in INBOX_INF_SECTIONS.items():
    for _section in _known:
        _DEFINED_IN[_section.name.lower()] = (*_DEFINED_IN.get(_section.name.lower(), ()), _file)


def inbox_files_defining(section_name: str) -> tuple[str, ...]:
    """The inbox INF files (lower case) known to define ``section_name``, in table order."""
    return _DEFINED_IN.get(section_name.strip().lower(), ())


def is_inbox_inf(file_name: str) -> bool:
    """Whether ``file_name`` is one of the inbox INF files of the tables."""
    return file_name.strip().lower() in INBOX_INF_SECTIONS
