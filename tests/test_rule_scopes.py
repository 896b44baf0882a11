"""Every rule keeps to its declared scope: it is given only what its scope allows, and what it finds
in a part of the file does not depend on the rest.

A section rule run over one section (or one line) alone must find exactly what it finds there in the
whole file, and a device-id rule run over one ID alone exactly what it finds for that ID among all of
them; otherwise the editor, which checks only what an edit touched, would show stale findings.
"""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from conftest import FIXTURES, corpus_files

from infcheck.config import Config
from infcheck.document import Document
from infcheck.engine import (
    DeviceIdContext,
    DocumentContext,
    PlanContext,
    Rule,
    RuleSettings,
    SectionContext,
    context_class,
    run_rules,
)
from infcheck.index import Index
from infcheck.parse import parse_bytes
from infcheck.rules import RULES

ALL_SETTINGS = Config().rules_for(None)
SECTION_RULES = [settings for settings in ALL_SETTINGS if settings.rule.scope == "section"]
DEVICE_ID_RULES = [settings for settings in ALL_SETTINGS if settings.rule.scope == "device-id"]


def _inf_files() -> list[Path]:
    fixtures = sorted(path for path in FIXTURES.rglob("*") if path.suffix.lower() in (".inf", ".inx"))
    # Every fifth corpus file keeps the run short and still covers every kind of sample.
    return fixtures + corpus_files()[::5]


INF_FILES = _inf_files()


def _found(diagnostics) -> list[tuple]:
    return sorted((d.code, tuple(d.span), d.message, d.fix) for d in diagnostics)


def test_the_rules_of_each_scope_exist():
    assert SECTION_RULES and DEVICE_ID_RULES
    assert any(rule.scope == "document" for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_declares_the_context_its_scope_gives(rule: Rule):
    expected = context_class(rule.applies_to, rule.scope).__name__
    assert rule.check.function.__annotations__["ctx"] == expected  # the registry imports the module on first use


def test_a_rule_declaring_another_context_than_its_scope_gives_is_refused():
    module = types.ModuleType(
        "wrong_scope", "Wrong.\n\n## What it does\n## Why is this bad?\n## Example\n## Use instead\n## Source\n"
    )
    module.CODE, module.NAME, module.SEVERITY, module.SCOPE = "INF999", "wrong-scope", "error", "section"

    def check(ctx: DocumentContext):
        return iter(())

    module.check = check
    with pytest.raises(TypeError, match=r"INF999 must declare check\(ctx: SectionContext\)"):
        Rule.from_module(module)


def test_only_whole_document_contexts_hold_the_index():
    document = parse_bytes(b'[Version]\r\nSignature = "$Windows NT$"\r\n', "a.inf")
    assert isinstance(DocumentContext(document).index, Index)
    for context in (SectionContext(document), DeviceIdContext(document.path, [])):
        with pytest.raises(AttributeError):
            context.index  # type: ignore[attr-defined]
        with pytest.raises(AttributeError):
            context.document  # type: ignore[attr-defined]
    assert not hasattr(PlanContext, "index")


def test_running_a_rule_in_the_context_of_another_scope_is_refused():
    document = parse_bytes(b"[Version]\r\n", "a.inf")
    with pytest.raises(TypeError, match="cannot run in a DocumentContext"):
        run_rules(DocumentContext(document), SECTION_RULES[:1])


def _section_parts(document: Document):
    """The file cut into the pieces a section rule may judge alone: the preamble, each section with
    its entries, and each unreadable line."""
    yield document.view([], document.preamble, document.preamble, [])
    for section in document.sections:
        yield document.view([section], list(section.entries), [], [])
    for issue in document.syntax_issues:
        yield document.view([], [], [], [issue])


def _lines(document: Document):
    """The file cut into single headers, entries and unreadable lines."""
    for section in document.sections:
        yield document.view([section], [], [], [])
    for entry in document.entries:
        yield document.view([], [entry], [entry] if entry.section is None else [], [])
    for issue in document.syntax_issues:
        yield document.view([], [], [], [issue])


@pytest.mark.parametrize("path", INF_FILES, ids=lambda path: path.name)
def test_section_rules_find_in_each_section_alone_what_they_find_there_in_the_whole_file(path: Path):
    document = parse_bytes(path.read_bytes(), path.name)
    if document.encoding.binary:
        pytest.skip("a binary file gets the encoding rule only")
    whole = _found(run_rules(SectionContext(document), SECTION_RULES))
    by_section = _found(
        finding for part in _section_parts(document) for finding in run_rules(SectionContext(part), SECTION_RULES)
    )
    assert by_section == whole
    if path.stat().st_size < 20_000:
        by_line = _found(
            finding for part in _lines(document) for finding in run_rules(SectionContext(part), SECTION_RULES)
        )
        assert by_line == whole


@pytest.mark.parametrize("path", INF_FILES, ids=lambda path: path.name)
def test_device_id_rules_find_for_each_id_alone_what_they_find_for_it_among_all(path: Path):
    document = parse_bytes(path.read_bytes(), path.name)
    device_ids = Index(document).all_device_ids
    if not device_ids:
        return
    whole = _found(run_rules(DeviceIdContext(document.path, device_ids), DEVICE_ID_RULES))
    one_by_one = _found(
        finding
        for device_id in device_ids
        for finding in run_rules(DeviceIdContext(document.path, [device_id]), DEVICE_ID_RULES)
    )
    assert one_by_one == whole


def test_device_id_rules_keep_their_options_in_a_scoped_context():
    document = parse_bytes(
        b"[Manufacturer]\r\n%M% = M\r\n[M]\r\n%D% = Install, PCI\\VEN_0000&DEV_1234\r\n[Strings]\r\nM = m\r\nD = d\r\n",
        "a.inf",
    )
    pub006 = next(settings for settings in DEVICE_ID_RULES if settings.rule.code == "PUB006")
    device_ids = Index(document).all_device_ids
    assert [d.code for d in run_rules(DeviceIdContext(document.path, device_ids), [pub006])] == ["PUB006"]
    allowed = RuleSettings(pub006.rule, pub006.severity, {"allowed-ids": ["pci\\ven_0000&dev_1234"]})
    assert run_rules(DeviceIdContext(document.path, device_ids), [allowed]) == []
