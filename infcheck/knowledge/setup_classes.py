"""The system-defined device setup classes: class name and ClassGuid.

Sources: learn.microsoft.com/windows-hardware/drivers/install/system-defined-device-setup-classes-available-to-vendors
and .../system-defined-device-setup-classes-reserved-for-system-use; the
Firmware class from .../bringup/authoring-an-update-driver-package.
"""

from __future__ import annotations

_BASE = "-e325-11ce-bfc1-08002be10318"

# Class name -> ClassGuid (lower case, without braces).
SYSTEM_CLASSES: dict[str, str] = {
    "AudioProcessingObject": "5989fce8-9cd0-467d-8a6a-5419e31529d4",
    "Battery": "72631e54-78a4-11d0-bcf7-00aa00b7b32a",
    "Biometric": "53d29ef7-377c-4d14-864b-eb3a85769359",
    "Bluetooth": "e0cbf06c-cd8b-4647-bb8a-263b43f0f974",
    "Camera": "ca3e7ab9-b4c3-4ae6-8251-579ef933890f",
    "CDROM": "4d36e965" + _BASE,
    "DiskDrive": "4d36e967" + _BASE,
    "Display": "4d36e968" + _BASE,
    "Extension": "e2f84ce7-8efa-411c-aa69-97454ca4cb57",
    "FDC": "4d36e969" + _BASE,
    "FloppyDisk": "4d36e980" + _BASE,
    "HDC": "4d36e96a" + _BASE,
    "HIDClass": "745a17a0-74d3-11d0-b6fe-00a0c90f57da",
    "Dot4": "48721b56-6795-11d2-b1a8-0080c72e74a2",
    "Dot4Print": "49ce6ac8-6f86-11d2-b1e5-0080c72e74a2",
    "61883": "7ebefbc0-3200-11d2-b4c2-00a0c9697d07",
    "AVC": "c06ff265-ae09-48f0-812c-16753d7cba83",
    "SBP2": "d48179be-ec20-11d1-b6b8-00c04fa372a7",
    "1394": "6bdd1fc1-810f-11d0-bec7-08002be2092f",
    "Image": "6bdd1fc6-810f-11d0-bec7-08002be2092f",
    "Infrared": "6bdd1fc5-810f-11d0-bec7-08002be2092f",
    "Keyboard": "4d36e96b" + _BASE,
    "MediumChanger": "ce5939ae-ebde-11d0-b181-0000f8753ec4",
    "MTD": "4d36e970" + _BASE,
    "Modem": "4d36e96d" + _BASE,
    "Monitor": "4d36e96e" + _BASE,
    "Mouse": "4d36e96f" + _BASE,
    "Multifunction": "4d36e971" + _BASE,
    "Media": "4d36e96c" + _BASE,
    "MultiportSerial": "50906cb8-ba12-11d1-bf5d-0000f805f530",
    "Net": "4d36e972" + _BASE,
    "NetClient": "4d36e973" + _BASE,
    "NetService": "4d36e974" + _BASE,
    "NetTrans": "4d36e975" + _BASE,
    "SecurityAccelerator": "268c95a1-edfe-11d3-95c3-0010dc4050a5",
    "PCMCIA": "4d36e977" + _BASE,
    "Ports": "4d36e978" + _BASE,
    "Printer": "4d36e979" + _BASE,
    "PNPPrinters": "4658ee7e-f050-11d1-b6bd-00c04fa372a7",
    "Processor": "50127dc3-0f36-415e-a6cc-4cb3be910b65",
    "SCSIAdapter": "4d36e97b" + _BASE,
    "SecurityDevices": "d94ee5d8-d189-4994-83d2-f68d7d41b0e6",
    "Sensor": "5175d334-c371-4806-b3ba-71fd53c9258d",
    "SmartCardReader": "50dd5230-ba8a-11d1-bf5d-0000f805f530",
    "SoftwareComponent": "5c4c3332-344d-483c-8739-259e934c9cc8",
    "NvmeDisk": "75416e63-5912-4dfa-ae8f-3efaccaffb14",
    "Volume": "71a27cdd-812a-11d0-bec7-08002be2092f",
    "System": "4d36e97d" + _BASE,
    "TapeDrive": "6d807884-7d21-11cf-801c-08002be10318",
    "USBDevice": "88bae032-5a81-49f0-bc3d-a4ff138216d6",
    "WCEUSBS": "25dbce51-6c8f-4a72-8a6d-b54c2b4fc835",
    "WPD": "eec5ad98-8080-425f-922a-dabf3de3f69a",
    "Firmware": "f2e7dd72-6468-4e36-b6f1-6488f42c1b52",
    # Reserved for system use.
    "Adapter": "4d36e964" + _BASE,
    "APMSupport": "d45b1c18-c8fa-11d1-9f77-0000f805f530",
    "Computer": "4d36e966" + _BASE,
    "Decoder": "6bdd1fc2-810f-11d0-bec7-08002be2092f",
    "1394Debug": "66f250d6-7801-4a64-b139-eea80a450b24",
    "Enum1394": "c459df55-db08-11d1-b009-00a0c9081ff6",
    "NoDriver": "4d36e976" + _BASE,
    "LegacyDriver": "8ecc055d-047f-11d1-a537-0000f8753ed1",
    "Unknown": "4d36e97e" + _BASE,
    "PrinterUpgrade": "4d36e97a" + _BASE,
    "PrintQueue": "1ed2bbf9-11f0-4084-b21f-ad83a8e6dcdc",
    "SoftwareDevice": "62f9c741-b25a-46ce-b54c-9bccce08b6f2",
    "AudioEndpoint": "c166523c-fe0c-4a94-a586-f1a80cfbbf3e",
    "Sound": "4d36e97c" + _BASE,
    "VolumeSnapshot": "533c5b84-ec70-11d2-9505-00c04f79deaf",
    "USB": "36fc9e60-c465-11cf-8056-444553540000",
}

CLASS_BY_NAME = {name.lower(): (name, guid) for name, guid in SYSTEM_CLASSES.items()}
CLASS_BY_GUID = {guid: name for name, guid in SYSTEM_CLASSES.items()}

FIRMWARE_CLASS_GUID = SYSTEM_CLASSES["Firmware"]
