"""What each section of a document is for, worked out from the sections and lines that name it."""

from __future__ import annotations

from infcheck.index import INSTALL_FAMILY_SUFFIXES, Index
from lsp_server.descriptions import FIXED_SECTIONS, REFERENCE_ROLES, SERVICE_ROLES


class SectionRoles:
    """Section key (lower case) -> kind, such as ``models``, ``ddinstall.services`` or ``add-registry``."""

    def __init__(self, index: Index):
        roles: dict[str, str] = {}
        for models in index.models_sections:
            roles.setdefault(models.name.lower(), "models")
        for key in index.install_sections:
            roles.setdefault(key, "ddinstall")
            for suffix in INSTALL_FAMILY_SUFFIXES:
                roles.setdefault(f"{key}.{suffix}", f"ddinstall.{suffix}")
        for reference in index.references:
            directive = reference.directive
            if directive == "addservice":
                position = next((i for i, value in enumerate(reference.entry.values) if value is reference.value), -1)
                role = SERVICE_ROLES.get(position)
            else:
                role = REFERENCE_ROLES.get(directive)
            if role is not None:
                roles.setdefault(reference.target.lower(), role)
        self._roles = roles

    def role_of(self, key: str) -> str | None:
        key = key.strip().lower()
        parts = key.split(".")
        base = parts[0]
        if base == "strings":
            return "strings" if len(parts) == 1 else "strings.localized"
        if base == "defaultinstall":
            return "ddinstall.services" if parts[-1] == "services" and len(parts) > 1 else "defaultinstall"
        if base in FIXED_SECTIONS:
            return FIXED_SECTIONS[base]
        return self._roles.get(key)
