"""Registry roots an INF's registry lines (AddReg, DelReg, BitReg) start with.

Source: learn.microsoft.com/windows-hardware/drivers/install/inf-addreg-directive.
"""

from __future__ import annotations

# Abbreviation -> the key it stands for. HKR is relative: the key of whatever the section
# it is in installs (the device's driver key, a service's key...).
REGISTRY_ROOTS: dict[str, str] = {
    "HKR": "the key the section installs for (relative)",
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKU": "HKEY_USERS",
}

# The only root an isolated (Windows Driver) package may write to.
RELATIVE_ROOT = "HKR"
