"""What each section of a document is for, worked out from the sections and lines that name it."""

from __future__ import annotations

from infcheck.index import Index
from infcheck.knowledge.directives import section_role_named
from infcheck.knowledge.sections import INSTALL_FAMILY_SUFFIXES, fixed_role


class SectionRoles:
    """Section key (lower case) -> role, such as ``models``, ``ddinstall.services`` or ``add-registry``."""

    def __init__(self, index: Index):
        roles: dict[str, str] = {}
        for models in index.models_sections:
            roles.setdefault(models.name.lower(), "models")
        for key in index.install_sections:
            roles.setdefault(key, "ddinstall")
            for suffix in INSTALL_FAMILY_SUFFIXES:
                roles.setdefault(f"{key}.{suffix}", f"ddinstall.{suffix}")
        for reference in index.references:
            position = next((i for i, value in enumerate(reference.entry.values) if value is reference.value), -1)
            role = section_role_named(reference.directive, position)
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
        return fixed_role(base) or self._roles.get(key)
