"""Sections whose directives Microsoft documents one by one: the sections some directives name.

An `AddFilter` names a filter-install section that holds `FilterLevel` or `FilterPosition`
and nothing else, exactly one of the two (inf-addfilter-directive, device filter driver
ordering). An `AddPowerSetting` names add-power-setting sections made of one `Setting`, an
optional `SubGroup`, either `Value` lines or one `ValueRange`, and `Default` lines
(inf-addpowersetting-directive). An `AddComponent` names a component-install section that
must have `ComponentIDs` (inf-addcomponent-directive). In a service-install section,
`AddTrigger` names service-trigger-install sections (`TriggerType`, `Action`, `SubType`, optional
`DataItem`) and `FailureActions` a service-failure-actions-install section (optional
`ResetPeriod` and `NonCrashFailures`, one or more `Action`) (inf-addservice-directive).
IV1006, IV1087, IV1289 and IV1290 read these forms; the sections are found once per package
model from the directives that name them.

Sources: learn.microsoft.com/windows-hardware/drivers/install/ inf-addfilter-directive,
inf-addpowersetting-directive, inf-addcomponent-directive, inf-addservice-directive;
learn.microsoft.com/windows-hardware/drivers/develop/device-filter-driver-ordering.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from infcheck.document import Entry, Section
from infcheck.package_facts import service_installs
from infcheck.package_model import PackageModel, cached_answer


class SectionForm(NamedTuple):
    """What Microsoft documents for the sections one directive names."""

    kind: str  # how messages call the section
    directive: str  # the directive naming the sections, lower case
    positions: tuple[int, ...] | None  # the fields naming sections; None for every field
    known: tuple[str, ...] | None  # every directive the section may hold; None when not listed in full
    required: tuple[tuple[str, ...], ...]  # each group: at least one of these directives must be present
    exclusive: tuple[tuple[str, str], ...]  # pairs of directives that may not both be present

    @property
    def a_kind(self) -> str:
        """The kind with its indefinite article, for messages."""
        return ("an " if self.kind[0] in "aeiou" else "a ") + self.kind


FILTER_INSTALL = SectionForm(
    "filter-install section",
    "addfilter",
    (2,),
    ("FilterLevel", "FilterPosition"),
    (("FilterLevel", "FilterPosition"),),
    (("FilterLevel", "FilterPosition"),),
)
POWER_SETTING = SectionForm(
    "add-power-setting section",
    "addpowersetting",
    None,
    ("SubGroup", "Setting", "Value", "ValueRange", "Default"),
    (("Setting",), ("Default",)),
    (("Value", "ValueRange"),),
)
COMPONENT_INSTALL = SectionForm(
    "component-install section",
    "addcomponent",
    (2,),
    None,
    (("ComponentIDs",),),
    (),
)
SERVICE_TRIGGER = SectionForm(
    "service-trigger-install section",
    "addtrigger",
    None,
    ("TriggerType", "Action", "SubType", "DataItem"),
    (("TriggerType",), ("Action",), ("SubType",)),
    (),
)
FAILURE_ACTIONS = SectionForm(
    "service-failure-actions-install section",
    "failureactions",
    (0,),
    ("ResetPeriod", "NonCrashFailures", "Action"),
    (("Action",),),
    (),
)
FORMS = (FILTER_INSTALL, POWER_SETTING, COMPONENT_INSTALL, SERVICE_TRIGGER, FAILURE_ACTIONS)


def naming_directives(forms: Iterable[SectionForm]) -> tuple[str, ...]:
    """The directives without which a file has no section of ``forms`` (the triggers of the rules
    that read them), sorted: each form's own, and AddService for FailureActions, which is read
    from the service-install sections an AddService names (see ``_naming_entries``)."""
    return tuple(sorted({"addservice" if form is FAILURE_ACTIONS else form.directive for form in forms}))


class FormedSection(NamedTuple):
    """A section a directive names, with the documented form it must have and its directives."""

    form: SectionForm
    name: str
    sections: list[Section]
    directives: dict[str, list[Entry]]  # lower-case key -> its entries, in file order

    def first(self, directive: str) -> Entry | None:
        entries = self.directives.get(directive.lower())
        return entries[0] if entries else None


def formed_sections(model: PackageModel) -> list[FormedSection]:
    """Each distinct section of :data:`FORMS` the INF defines, once, in directive order."""
    return cached_answer(model, "formed_sections", _formed_sections)


def _formed_sections(model: PackageModel) -> list[FormedSection]:
    found: list[FormedSection] = []
    for form in FORMS:
        seen: set[str] = set()
        for entry in _naming_entries(model, form):
            values = entry.values
            positions = form.positions if form.positions is not None else range(len(values))
            for position in positions:
                if position >= len(values):
                    continue
                name = values[position].resolved.strip()
                if not name or name.lower() in seen:
                    continue
                seen.add(name.lower())
                sections = model.document.sections_named(name)
                if sections:
                    found.append(FormedSection(form, sections[0].name, sections, _directives(sections)))
    return found


def _naming_entries(model: PackageModel, form: SectionForm) -> list[Entry]:
    """The directives naming sections of ``form``: FailureActions is read from the service-install
    sections (the index does not group it), the others from the index."""
    if form is not FAILURE_ACTIONS:
        return model.index.directive(form.directive)
    found = []
    for install in service_installs(model.index):
        entry = install.keys.get(form.directive)
        if entry is not None:
            found.append(entry)
    return found


def _directives(sections: list[Section]) -> dict[str, list[Entry]]:
    directives: dict[str, list[Entry]] = {}
    for section in sections:
        for entry in section.entries:
            key = entry.key_lower
            if key is not None:
                directives.setdefault(key, []).append(entry)
    return directives
