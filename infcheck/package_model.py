"""The driver-package model: what an INF installs, read from its index as typed records.

The index says which sections exist and which Models entries install from
where; this model goes one step further and reads the directives of the
install sections the way Windows applies them: the install section each
Models entry picks for each architecture and its sibling sections, the
services it adds, the files it copies and where they go, the registry
operations it performs and the source disks and files it names. Rules ask
it questions instead of walking sections themselves.

It is built on first use and kept for as long as its index lives
(:func:`package_model`), so every rule of one check shares it.

Sources: learn.microsoft.com/windows-hardware/drivers/install/ inf-addservice-directive,
inf-copyfiles-directive, inf-destinationdirs-section, inf-sourcedisksnames-section,
inf-sourcedisksfiles-section, inf-addreg-directive, inf-delreg-directive, using-dirids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cached_property, lru_cache
from typing import Any, NamedTuple, TypeVar

from infcheck.document import Document, Entry, Section, Value, written_key
from infcheck.facets.directives import INDEXED_DIRECTIVES
from infcheck.index import Index, ModelsEntry, ModelsSection
from infcheck.knowledge.sections import INSTALL_FAMILY_SUFFIXES
from infcheck.patterns import LazyPattern

# SPSVCINST_ASSOCSERVICE: the service is the device's function driver (inf-addservice-directive).
ASSOCIATED_SERVICE = 0x2

# AddReg flags (inf-addreg-directive).
FLG_ADDREG_APPEND = 0x8
FLG_ADDREG_TYPE_MULTI_SZ = 0x00010000
_ADDREG_TYPE_MASK = 0xFFFF0001

ARCHITECTURES = ("x86", "amd64", "arm", "arm64", "ia64")
STAMPINF_ARCHITECTURE = "$arch$"

_NT_ARCHITECTURE = re.compile(r"\.nt(x86|amd64|arm64|arm|ia64|\$arch\$)(?:\.|$)", re.IGNORECASE)
_DIRID_PATH = LazyPattern(r"^%(\d+)%(?:\\(.*))?$")


@lru_cache(maxsize=4096)
def parse_number(text: str) -> int | None:
    """An INF number: decimal, or hexadecimal after ``0x``; ``None`` when it is neither.

    Kept per text: a package repeats the same few flags and service numbers on many lines."""
    text = text.strip()
    try:
        if text[:2].lower() == "0x":
            return int(text[2:], 16) if text[2:] else None
        return int(text, 10) if text.isdigit() else None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def architecture_of(section_name: str) -> str | None:
    """The architecture a section name's ``.NT<arch>`` decoration gives (lower case), if any."""
    match = _NT_ARCHITECTURE.search(section_name)
    return match.group(1).lower() if match else None


def _field(values: list[Value], position: int) -> str:
    return values[position].resolved.strip() if position < len(values) else ""


def _value(values: list[Value], position: int) -> Value | None:
    return values[position] if position < len(values) else None


class InstallTarget(NamedTuple):
    """A Models entry installed on one architecture: the section Windows picks and its siblings."""

    models_entry: ModelsEntry
    architecture: str  # x86, amd64, arm, arm64, ia64 or $arch$
    section_name: str
    siblings: dict[str, str]  # suffix (services, hw, coinstallers, wdf...) -> the sibling section's name


class AddService(NamedTuple):
    """``AddService = name, flags, service-install-section[, event-log-install-section...]``."""

    entry: Entry
    name: str
    flags: int | None
    install_section: str | None

    @property
    def is_associated(self) -> bool:
        """Whether it carries SPSVCINST_ASSOCSERVICE (0x2): the device's function driver."""
        return self.flags is not None and bool(self.flags & ASSOCIATED_SERVICE)

    @property
    def section_key(self) -> str:
        """The lower-case name of the section that holds the directive."""
        section = self.entry.section
        return section.key if section is not None else ""


class ServiceInstall(NamedTuple):
    """A service-install section: its headers and its first entry for each key (lower case)."""

    name: str
    sections: list[Section]
    keys: dict[str, Entry]


class Destination(NamedTuple):
    """Where a file list is copied: a DIRID and a subdirectory below it (``""`` for none)."""

    entry: Entry
    dirid: int | None
    subdirectory: str


class FileCopy(NamedTuple):
    """One file a CopyFiles directive copies.

    ``entry`` is the file-list line, or the CopyFiles line itself for ``CopyFiles = @file``
    (then ``list_section`` is ``None``); ``install_section`` holds the CopyFiles directive.
    """

    entry: Entry
    value: Value
    destination_name: str
    source_name: str
    list_section: str | None
    install_section: Section


class SourceDisksFile(NamedTuple):
    """``filename = diskid[,subdir][,size]`` in ``[SourceDisksFiles]`` or ``[SourceDisksFiles.<arch>]``."""

    entry: Entry
    name: str
    disk_id: str
    subdirectory: str
    architecture: str | None  # None for the undecorated section


class SourceDisk(NamedTuple):
    """``diskid = disk-description[,tag-or-cab-file][,unused][,path]`` in ``[SourceDisksNames(.<arch>)]``."""

    entry: Entry
    disk_id: str
    path: str
    architecture: str | None


class RegistryOperation(NamedTuple):
    """One line of an add-registry or delete-registry section, as Windows reads it.

    ``directive`` is ``addreg`` or ``delreg``; ``section`` is the registry section's
    name as the directive wrote it. Texts are resolved and trimmed.
    """

    entry: Entry
    directive: str
    section: str
    root: str
    subkey: str
    value_name: str
    flags: int | None
    values: list[Value]

    @property
    def is_multi_sz(self) -> bool:
        return self.flags is not None and self.flags & _ADDREG_TYPE_MASK == FLG_ADDREG_TYPE_MULTI_SZ


class PrimitiveSection(NamedTuple):
    """A ``[DefaultInstall...]`` or ``[DefaultUninstall...]`` header."""

    section: Section
    uninstall: bool
    decoration: str  # what follows DefaultInstall / DefaultUninstall, lower case (".nt", ".ntamd64.services"...)

    @property
    def architecture(self) -> str | None:
        return architecture_of(self.decoration)

    @property
    def is_install_section(self) -> bool:
        """The section itself rather than one of its family (``.Services``, ``.HW``...)."""
        parts = self.decoration.split(".")[1:]
        return not parts or parts[-1] not in INSTALL_FAMILY_SUFFIXES


class PackageModel:
    """The driver package an INF describes; see the module documentation."""

    def __init__(self, index: Index):
        self.index = index
        self.document: Document = index.document
        # What cached_answer and the per-name lookups below have worked out, kept with the model.
        self.answers: dict[str, Any] = {}
        self._service_installs: dict[str, ServiceInstall | None] = {}
        self._directives_asked: dict[str, list[Entry]] = {}

    def release(self) -> None:
        """Let go of every answer (see :meth:`infcheck.document.Document.release`); the model
        cannot be read afterwards."""
        self.__dict__.clear()

    # -- install sections -------------------------------------------------------------------

    @cached_property
    def install_targets(self) -> list[InstallTarget]:
        """Every Models entry that names an install section, once per architecture, in file order."""
        targets = []
        # Hundreds of Models entries often share a few install sections: each is looked up once.
        picked: dict[tuple[str, str], tuple[str, dict[str, str]] | None] = {}
        # Entries come in runs of one Models section: its platform extension is read once per run.
        models: ModelsSection | None = None
        extension = architecture = ""
        new_target = tuple.__new__  # one record per Models entry: built without the Python-level constructor
        for models_entry in self.index.models_entries:
            name = models_entry.install_name
            if name is None:
                continue
            if models_entry.models is not models:
                models = models_entry.models
                extension = models.platform_extension
                architecture = extension[2:]
            lookup = (name, extension)
            if lookup in picked:
                found_section = picked[lookup]
            else:
                found_section = picked[lookup] = self._install_section(name, extension)
            if found_section is None:
                continue
            section_name, siblings = found_section
            targets.append(new_target(InstallTarget, (models_entry, architecture, section_name, siblings)))
        return targets

    def _install_section(self, name: str, extension: str) -> tuple[str, dict[str, str]] | None:
        """The install section Windows picks for ``name`` on ``extension`` and its siblings by suffix."""
        found = self.index.ddinstall_for(name, extension)
        if found is None:
            return None
        document = self.document
        section_name = document.sections_named(found)[0].name
        siblings = {
            suffix: f"{section_name}.{suffix}"
            for suffix in INSTALL_FAMILY_SUFFIXES
            if document.has_section(f"{section_name}.{suffix}")
        }
        return section_name, siblings

    def architectures_of_section(self, section: Section) -> set[str]:
        """The architectures a section installs on: its own ``.NT<arch>`` decoration, or those of
        the install targets whose section or siblings it is; empty when it cannot be told."""
        own = architecture_of(section.name)
        if own is not None:
            return {own}
        return set(self.target_architectures.get(section.key, ()))

    @cached_property
    def target_architectures(self) -> dict[str, set[str]]:
        """The architectures of the install targets each section (lower case) is the install section or a sibling of."""
        found: dict[str, set[str]] = {}
        for target in self.install_targets:
            for name in (target.section_name, *target.siblings.values()):
                found.setdefault(name.lower(), set()).add(target.architecture)
        return found

    @cached_property
    def primitive_sections(self) -> list[PrimitiveSection]:
        """Every ``[DefaultInstall*]`` and ``[DefaultUninstall*]`` header, in file order."""
        roots = self.sections_by_root
        install, uninstall = roots.get("defaultinstall", []), roots.get("defaultuninstall", [])
        found = [PrimitiveSection(section, False, section.key[len("defaultinstall") :]) for section in install]
        found += [PrimitiveSection(section, True, section.key[len("defaultuninstall") :]) for section in uninstall]
        if install and uninstall:
            found.sort(key=lambda primitive: primitive.section.start)
        return found

    @cached_property
    def sections_by_root(self) -> dict[str, list[Section]]:
        """The sections by the part of their key before the first dot (``sourcedisksfiles`` for
        [SourceDisksFiles.amd64]), each list in file order: the questions about a kind of
        section and its decorations read one list instead of every header of the file."""
        found: dict[str, list[Section]] = {}
        for section in self.document.sections:
            found.setdefault(section.key.partition(".")[0], []).append(section)
        return found

    # -- services ---------------------------------------------------------------------------

    @cached_property
    def add_services(self) -> list[AddService]:
        """Every AddService directive, in file order."""
        found = []
        for entry in self.index.directive("addservice"):
            values = entry.values
            install = _field(values, 2)
            found.append(AddService(entry, _field(values, 0), parse_number(_field(values, 1)), install or None))
        return found

    def add_services_in(self, section_name: str) -> list[AddService]:
        key = section_name.strip().lower()
        return [service for service in self.add_services if service.section_key == key]

    def service_install(self, name: str) -> ServiceInstall | None:
        """The service-install section called ``name``, or ``None`` when the INF has none
        (read once for each name however many rules ask)."""
        if name in self._service_installs:
            return self._service_installs[name]
        install = self._service_installs[name] = self._read_service_install(name)
        return install

    def _read_service_install(self, name: str) -> ServiceInstall | None:
        sections = self.document.sections_named(name)
        if not sections:
            return None
        keys: dict[str, Entry] = {}
        for section in sections:
            for entry in section.entries:
                key = entry.key_lower
                if key is not None:
                    keys.setdefault(key, entry)
        return ServiceInstall(name, sections, keys)

    def directive(self, name: str) -> list[Entry]:
        """Every entry whose key is ``name`` (any case) outside [Strings], in file order, as
        :meth:`Index.directive` gives it; each directive the index does not group up front is
        looked for once, however many rules ask for it."""
        name = name.lower()
        if name in INDEXED_DIRECTIVES:
            return self.index.directives.get(name, [])
        found = self._directives_asked.get(name)
        if found is None:
            found = self._directives_asked[name] = self._entries_keyed(name)
        return found

    def _entries_keyed(self, name: str) -> list[Entry]:
        # A key starts its entry (or a quote or a continuation does): a look at the first
        # character passes over nearly every line without reading its key.
        text = self.document.text
        firsts = {name[0], name[0].upper(), '"', "\\"}
        return [
            entry
            for section in self.document.sections
            if not section.is_strings
            for entry in section.entries
            if text[entry.start] in firsts and written_key(text, entry) == name
        ]

    def directives_in(self, section_name: str, directive: str) -> list[Entry]:
        """The entries of ``directive`` (any case) in the section ``section_name``, duplicates merged."""
        directive = directive.lower()
        return [entry for entry in self.document.entries_in(section_name) if entry.key_lower == directive]

    # -- files ------------------------------------------------------------------------------

    @cached_property
    def default_destination(self) -> Destination | None:
        entry = next((e for e in self.document.entries_in("destinationdirs") if e.key_lower == "defaultdestdir"), None)
        return self._destination(entry) if entry is not None else None

    @cached_property
    def _destinations(self) -> dict[str, Destination]:
        found: dict[str, Destination] = {}
        for entry in self.document.entries_in("destinationdirs"):
            key = entry.key_lower
            if key is not None and key != "defaultdestdir":
                found.setdefault(key, self._destination(entry))
        return found

    @staticmethod
    def _destination(entry: Entry) -> Destination:
        values = entry.values
        return Destination(entry, parse_number(_field(values, 0)), _field(values, 1).strip("\\"))

    def listed_destination(self, list_section: str) -> Destination | None:
        """The [DestinationDirs] entry written for a file-list section, without DefaultDestDir."""
        return self._destinations.get(list_section.strip().lower())

    def destination_for(self, list_section: str | None) -> Destination | None:
        """Where a file list (``None`` for ``CopyFiles = @file``) is copied: its own
        [DestinationDirs] entry, else DefaultDestDir."""
        if list_section is not None:
            listed = self.listed_destination(list_section)
            if listed is not None:
                return listed
        return self.default_destination

    @cached_property
    def copy_files_references(self) -> list[tuple[Entry, Value]]:
        """Each value of each CopyFiles directive outside the data sections, in file order."""
        found = []
        for entry in self.index.directive("copyfiles"):
            for value in entry.values:
                if not value.is_empty:
                    found.append((entry, value))
        return found

    @cached_property
    def file_copies(self) -> list[FileCopy]:
        """Every file the INF's CopyFiles directives copy, in the order the directives name them."""
        found = []
        for entry, value in self.copy_files_references:
            section = entry.section
            if section is None:
                continue
            text = value.resolved.strip()
            if text.startswith("@"):
                name = text[1:].strip()
                found.append(FileCopy(entry, value, name, name, None, section))
                continue
            for line in self.document.entries_in(text):
                values = line.values
                first = _value(values, 0)
                if line.key is not None or first is None or first.is_empty:
                    continue
                destination = first.resolved.strip()
                source = _field(values, 1) or destination
                found.append(FileCopy(line, first, destination, source, text, section))
        return found

    @cached_property
    def source_disks_files(self) -> list[SourceDisksFile]:
        found = []
        for section, architecture in self._decorated_sections("sourcedisksfiles"):
            for entry in section.entries:
                key = entry.key
                if key is None:
                    continue
                values = entry.values
                found.append(SourceDisksFile(entry, key.strip(), _field(values, 0), _field(values, 1), architecture))
        return found

    @cached_property
    def source_disks(self) -> list[SourceDisk]:
        found = []
        for section, architecture in self._decorated_sections("sourcedisksnames"):
            for entry in section.entries:
                key = entry.key
                if key is not None:
                    found.append(SourceDisk(entry, key.strip(), _field(entry.values, 3), architecture))
        return found

    def source_file(self, name: str, architecture: str | None) -> SourceDisksFile | None:
        """Where Windows finds a source file for ``architecture``: ``[SourceDisksFiles.<arch>]``
        first, then ``[SourceDisksFiles]``; with no architecture, any of them.

        A stampinf ``$ARCH$`` decoration on either side stands for every architecture.
        """
        candidates = self._source_files_by_name.get(name.lower(), [])
        for wanted in (architecture, STAMPINF_ARCHITECTURE, None) if architecture else (None,):
            for item in candidates:
                if item.architecture == wanted or (
                    architecture == STAMPINF_ARCHITECTURE and item.architecture is not None
                ):
                    return item
        return candidates[0] if candidates and architecture is None else None

    def source_disk(self, disk_id: str, architecture: str | None) -> SourceDisk | None:
        """The ``[SourceDisksNames]`` entry for a disk, looked up the way :meth:`source_file` does."""
        candidates = self._source_disks_by_id.get(disk_id.lower(), [])
        for wanted in (architecture, STAMPINF_ARCHITECTURE, None) if architecture else (None,):
            for disk in candidates:
                if disk.architecture == wanted:
                    return disk
        if architecture in (None, STAMPINF_ARCHITECTURE) and candidates:
            return candidates[0]
        return None

    @cached_property
    def _source_files_by_name(self) -> dict[str, list[SourceDisksFile]]:
        found: dict[str, list[SourceDisksFile]] = {}
        for item in self.source_disks_files:
            found.setdefault(item.name.lower(), []).append(item)
        return found

    @cached_property
    def _source_disks_by_id(self) -> dict[str, list[SourceDisk]]:
        found: dict[str, list[SourceDisk]] = {}
        for disk in self.source_disks:
            found.setdefault(disk.disk_id.lower(), []).append(disk)
        return found

    def _decorated_sections(self, stem: str) -> Iterator[tuple[Section, str | None]]:
        """``[stem]`` and ``[stem.<arch>]`` sections (not ``[stem.NT<arch>]``) with their architecture."""
        for section in self.sections_by_root.get(stem, ()):
            key = section.key
            yield section, None if key == stem else key[len(stem) + 1 :]

    # -- registry ---------------------------------------------------------------------------

    @cached_property
    def registry_operations(self) -> list[RegistryOperation]:
        """Every line of every section an AddReg or DelReg directive names, in directive order;
        a section named by several directives is read once."""
        found: list[RegistryOperation] = []
        for lines in self._registry_sections.values():
            found += lines
        return found

    @cached_property
    def add_registry_lines(self) -> dict[str, list[RegistryOperation]]:
        """The add-registry lines of :attr:`registry_operations` by section (lower-case name)."""
        return {
            name: lines
            for (directive, name), lines in self._registry_sections.items()
            if directive == "addreg" and lines
        }

    @cached_property
    def _registry_sections(self) -> dict[tuple[str, str], list[RegistryOperation]]:
        """The lines of each registry section, by directive and lower-case name, in directive order:
        grouped as they are read, so no line's section name is lowered again."""
        found: dict[tuple[str, str], list[RegistryOperation]] = {}
        for directive in ("addreg", "delreg"):
            for entry in self.index.directive(directive):
                for value in entry.values:
                    name = value.resolved.strip()
                    read = (directive, name.lower())
                    if name and read not in found:
                        found[read] = self._registry_lines(directive, name)
        return found

    def _registry_lines(self, directive: str, section_name: str) -> list[RegistryOperation]:
        found = []
        # A package has thousands of registry lines: each record is built straight from a tuple,
        # without the named tuple's Python-level constructor, and the usual roots are looked up.
        new_operation = tuple.__new__
        for line in self.document.entries_in(section_name):
            if line.key is not None:
                continue
            values = line.values
            count = len(values)
            if not count:
                continue
            root = values[0].resolved
            root = _REGISTRY_ROOTS.get(root) or root.strip().upper()
            found.append(
                new_operation(
                    RegistryOperation,
                    (
                        line,
                        directive,
                        section_name,
                        root,
                        values[1].resolved.strip() if count > 1 else "",
                        values[2].resolved.strip() if count > 2 else "",
                        parse_number(values[3].resolved) if count > 3 else None,
                        values[4:],
                    ),
                )
            )
        return found


# The registry roots as usually written, with the upper-case name a RegistryOperation gives them.
_REGISTRY_ROOTS = {
    written: root
    for root in ("HKR", "HKLM", "HKCR", "HKCU", "HKU")
    for written in (root, root.lower(), root.capitalize())
}


def split_dirid_path(path: str) -> tuple[int, str, str] | None:
    """``%dirid%\\sub\\dir\\file`` as (dirid, subdirectory, file name); ``None`` for another form."""
    match = _DIRID_PATH.match(path.strip().strip('"'))
    if match is None:
        return None
    rest = (match.group(2) or "").strip("\\")
    directory, _, name = rest.rpartition("\\")
    return int(match.group(1)), directory, name


# -- conflicting installs, WDF services and Needs (IV1199, IV1205/1206, IV1330-1333, IV1310-1319, IV1084) --


_Answer = TypeVar("_Answer")
_UNANSWERED = object()  # an answer not worked out yet (None and False are answers)


def cached_answer(model: PackageModel, question: str, answer: Callable[[PackageModel], _Answer]) -> _Answer:
    """``answer(model)``, worked out once per model however many rules ask ``question``."""
    found = model.answers.get(question, _UNANSWERED)
    if found is _UNANSWERED:
        found = model.answers[question] = answer(model)
    return found  # type: ignore[no-any-return]


@lru_cache(maxsize=4096)
def family_suffix(section_name: str) -> str | None:
    """The install-family suffix a section name ends with (``services``, ``hw``...), lower case; ``None`` for none."""
    last = section_name.strip().rsplit(".", 1)
    return last[1].lower() if len(last) == 2 and last[1].lower() in INSTALL_FAMILY_SUFFIXES else None


@lru_cache(maxsize=4096)
def family_base(section_name: str) -> str:
    """A section name without its install-family suffix, lower case: the DDInstall it belongs to."""
    name = section_name.strip().lower()
    suffix = family_suffix(name)
    return name[: -len(suffix) - 1] if suffix is not None else name


class RegistryWrite(NamedTuple):
    """An add-registry line with the section whose AddReg directive applies it."""

    install_section: Section
    operation: RegistryOperation


class WdfService(NamedTuple):
    """``KmdfService = name, section`` or ``UmdfService = name, section``; ``kind`` is ``kmdf`` or ``umdf``."""

    entry: Entry
    kind: str
    name: str
    install_section: str | None


def registry_writes(model: PackageModel) -> list[RegistryWrite]:
    """Every line of every add-registry section, once for each section whose AddReg names it, in directive order."""
    return cached_answer(model, "registry_writes", _registry_writes)


def _registry_writes(model: PackageModel) -> list[RegistryWrite]:
    lines_by_section = model.add_registry_lines
    found: list[RegistryWrite] = []
    append = found.append
    new_write = tuple.__new__  # one record per registry line: built without the Python-level constructor
    seen: set[tuple[str, str]] = set()
    for entry in model.index.directive("addreg"):
        section = entry.section
        if section is None:
            continue
        section_key = section.key
        for value in entry.values:
            name = value.resolved.strip().lower()
            if name and (section_key, name) not in seen:
                seen.add((section_key, name))
                for line in lines_by_section.get(name, ()):
                    append(new_write(RegistryWrite, (section, line)))
    return found


def wdf_services(model: PackageModel) -> list[WdfService]:
    """Every KmdfService and UmdfService directive, in file order."""
    return cached_answer(model, "wdf_services", _wdf_services)


def _wdf_services(model: PackageModel) -> list[WdfService]:
    found = []
    for kind in ("kmdf", "umdf"):
        for entry in model.index.directive(kind + "service"):
            values = entry.values
            found.append(WdfService(entry, kind, _field(values, 0).strip('"'), _field(values, 1) or None))
    return sorted(found, key=lambda service: service.entry.start)


# The kind of section each section-naming directive field expects (directive, 0-based field):
# directives that name the same kind may share a section only with a warning (InfVerif 1205),
# directives of different kinds may not share one at all (1206).
_SECTION_KINDS: dict[tuple[str, int | None], str] = {
    ("copyfiles", None): "file list",
    ("delfiles", None): "file list",
    ("renfiles", None): "file list",
    ("addreg", None): "registry",
    ("delreg", None): "registry",
    ("bitreg", None): "registry",
    ("addproperty", None): "property",
    ("delproperty", None): "property",
    ("addservice", 2): "service-install",
    ("addservice", 3): "event-log-install",
    ("kmdfservice", 1): "WDF service-install",
    ("umdfservice", 1): "WDF service-install",
    ("addinterface", 2): "interface-install",
    ("addcomponent", 2): "component-install",
    ("addsoftware", 2): "software-install",
    ("addfilter", 2): "filter-install",
    ("addeventprovider", 1): "event-provider",
    ("addpowersetting", None): "power-setting",
}


class SectionUse(NamedTuple):
    """A directive value naming a section, with the kind of section the directive expects."""

    value: Value
    directive: str  # lower case
    kind: str


def section_uses(model: PackageModel) -> dict[str, list[SectionUse]]:
    """The directive values naming each section (by lower-case name), in file order; ``Needs``,
    ``Include`` and directives without a known kind of section are left out."""
    return cached_answer(model, "section_uses", _section_uses)


# The directives whose kind of section depends on the field: the field of a value is looked up only for them.
# The directives that name a section of each kind (the rules' triggers are worked out from them).
DIRECTIVES_BY_SECTION_KIND: dict[str, tuple[str, ...]] = {
    kind: tuple(sorted({directive for (directive, _), other in _SECTION_KINDS.items() if other == kind}))
    for kind in dict.fromkeys(_SECTION_KINDS.values())
}
_KINDS_BY_FIELD = frozenset(directive for directive, position in _SECTION_KINDS if position is not None)
# The kind of section of the other directives, whatever the field.
_KIND_OF_DIRECTIVE = {directive: kind for (directive, position), kind in _SECTION_KINDS.items() if position is None}


def _section_uses(model: PackageModel) -> dict[str, list[SectionUse]]:
    found: dict[str, list[SectionUse]] = {}
    new_use = tuple.__new__  # one record per reference: built without the Python-level constructor
    for reference in model.index.references:
        directive = reference.directive
        kind = _KIND_OF_DIRECTIVE.get(directive)
        if kind is None:
            if directive not in _KINDS_BY_FIELD:
                continue
            try:
                # Values compare by identity: this is the field the reference's value is in.
                position: int | None = reference.entry.values.index(reference.value)
            except ValueError:
                position = None
            kind = _SECTION_KINDS.get((directive, position))
        target = reference.target.lower()
        if kind is not None and target:
            found.setdefault(target, []).append(new_use(SectionUse, (reference.value, directive, kind)))
    return found


_PLATFORM_DECORATION = LazyPattern(r"\.nt(?:x86|amd64|arm64|arm|ia64|\$arch\$)?(?:\.[^.]*)*$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def install_name(section_name: str) -> str:
    """The install section a section belongs to, without family suffix or ``.NT...`` decoration,
    lower case: ``Install.NTamd64.10.0...16299.Services`` belongs to ``install``."""
    return _PLATFORM_DECORATION.sub("", family_base(section_name))


class _Selector(NamedTuple):
    """A Models section that installs from a section: sections of one [Manufacturer] line with
    the same architecture exclude each other, since Windows picks one of them by OS version."""

    manufacturer_line: int
    architecture: str
    models: str


def _selectors(model: PackageModel) -> dict[str, set[_Selector]]:
    found: dict[str, set[_Selector]] = {}
    for target in model.install_targets:
        models = target.models_entry.models
        selector = _Selector(models.manufacturer_line.entry.start, target.architecture, models.name.lower())
        for name in (target.section_name, *target.siblings.values()):
            found.setdefault(name.lower(), set()).add(selector)
    return found


def may_install_together(model: PackageModel, first: Section, second: Section) -> bool:
    """Whether two sections can be applied on one system: not when they are decorations or
    family members of one install section, nor when every pair of Models sections reaching them
    is for different architectures or are OS-version alternatives on one [Manufacturer] line.
    A section no Models entry reaches is judged by its own ``.NT<arch>`` decoration alone."""
    if install_name(first.name) == install_name(second.name):
        return False
    selectors = cached_answer(model, "selectors", _selectors)
    ours, theirs = selectors.get(first.key, set()), selectors.get(second.key, set())
    if not ours or not theirs:
        architectures = {architecture_of(first.name), architecture_of(second.name)}
        return None in architectures or STAMPINF_ARCHITECTURE in architectures or len(architectures) == 1
    return any(
        _same_architecture(a.architecture, b.architecture)
        and (a.manufacturer_line != b.manufacturer_line or a.models == b.models)
        for a in ours
        for b in theirs
    )


def _same_architecture(first: str, second: str) -> bool:
    return first == second or STAMPINF_ARCHITECTURE in (first, second)


def package_model(index: Index) -> PackageModel:
    """The package model of ``index``'s document, built once and kept as long as the index."""
    # Rules ask for it some hundred times per file: a plain look-up, as only this function stores it.
    model = index.derived.get("package_model")
    if model is None:
        model = index.derived["package_model"] = PackageModel(index)
    return model  # type: ignore[return-value]
