"""Recognising EDK2 module files, which are also called ``.inf`` but are not Windows INF files.

A UEFI firmware repository (tianocore/edk2 and the platforms built on it)
describes each firmware module in a build-description file named ``*.inf``.
Checking those as Windows driver INF files reports hundreds of problems per
file that mean nothing, so the command line, the pre-commit hooks and the
language server all ask :func:`edk2_module_reason` first and leave such a file
unchecked, saying why.

A file is an EDK2 module file when its first section is ``[Defines]`` and that
section sets ``INF_VERSION``, or ``BASE_NAME`` together with ``MODULE_TYPE``,
``COMPONENT_TYPE`` or ``FILE_GUID``. A file with a ``[Version]`` section is a
Windows INF whatever else it holds, and is always checked.

Source: the EDK II Module Information (INF) File Specification, "[Defines] Section"
(tianocore-docs.github.io/edk2-InfSpecification).
"""

from __future__ import annotations

import re

from infcheck.decode import decode
from infcheck.patterns import LazyPattern

# A section header line: "[name]" with anything after a comment character ignored.
_HEADER = re.compile(r"^\s*\[\s*([^\]]*?)\s*\]")
_KEY = LazyPattern(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")
_VERSION_HEADER = LazyPattern(r"^[ \t]*\[[ \t]*version[ \t]*\]", re.IGNORECASE | re.MULTILINE)
_COMMENT_STARTS = ("#", ";", "//")
_MODULE_KEYS = ("MODULE_TYPE", "COMPONENT_TYPE", "FILE_GUID")
_LINE = re.compile(r"[^\r\n]+")
# What is decoded of every file to see whether its first section is [Defines].
_HEAD_BYTES = 64 * 1024


def edk2_module_reason(text: str) -> str | None:
    """Why ``text`` is an EDK2 module file (for messages), or ``None`` when it is to be checked."""
    keys = _defines_keys(text)
    if keys is None:
        return None
    reason = None
    if "INF_VERSION" in keys:
        reason = "its first section is [Defines] with INF_VERSION"
    elif "BASE_NAME" in keys:
        module_key = next((key for key in _MODULE_KEYS if key in keys), None)
        if module_key is not None:
            reason = f"its first section is [Defines] with BASE_NAME and {module_key}"
    # Only now, for the rare file that looks like a module, is the whole text searched.
    if reason is None or _VERSION_HEADER.search(text):
        return None
    return reason


def _defines_keys(text: str) -> set[str] | None:
    """The keys of ``text``'s first section when that is ``[Defines]`` (upper case); ``None`` when the
    first section is another or text comes before it. Reads only as far as the end of that section."""
    keys: set[str] = set()
    in_defines = False
    for line in _LINE.finditer(text):
        stripped = line.group().strip()
        if not stripped or stripped.startswith(_COMMENT_STARTS):
            continue
        header = _HEADER.match(stripped)
        if header is not None:
            if in_defines:
                return keys  # [Defines] is over
            if header.group(1).lower() != "defines":
                return None  # the first section is something else
            in_defines = True
            continue
        if not in_defines:
            return None  # text before any section: not an EDK2 module file
        key = _KEY.match(stripped)
        if key is not None:
            keys.add(key.group(1).upper())
    return keys if in_defines else None


def edk2_module_reason_of(data: bytes) -> str | None:
    """:func:`edk2_module_reason` of a file's bytes, read as infcheck reads any INF file.

    Most files are told apart by their first section, so only their first bytes are decoded;
    a file that starts like a module is decoded whole."""
    text, _ = decode(data[:_HEAD_BYTES])
    if _defines_keys(text) is None:
        return None
    if len(data) > _HEAD_BYTES:
        text, _ = decode(data)
    return edk2_module_reason(text)


def skipped_message(path: str, reason: str) -> str:
    """The line that says a file was not checked, and why."""
    return f"{path}: skipped: an EDK2 module file (a firmware build description, not a Windows INF): {reason}"
