"""A rule's triggers (``TRIGGERS``, see infcheck/engine.py) only ever save work: the engine skips a rule
on a file that holds none of them, so a rule must never find anything in such a file.

These tests run every rule that has triggers *without* them over every INF fixture and the sample
corpus, and fail on any finding in a file that holds none of the rule's triggers.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, fixture_profile

from infcheck.decode import decode
from infcheck.engine import DocumentContext, RuleSettings, check_document, present_triggers, run_rule
from infcheck.parse import parse_bytes, parse_text
from infcheck.rules import RULES, RULES_BY_CODE

TRIGGERED = [rule for rule in RULES if rule.triggers]


def _inf_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.suffix.lower() in (".inf", ".inx"))


def _untriggered_findings(path: Path, profiles: list[str | None]) -> list[str]:
    """Each finding a triggered rule makes in ``path`` although the file holds none of its triggers."""
    document = parse_bytes(path.read_bytes(), path.name)
    if document.encoding.binary:
        return []
    present = present_triggers(document)
    context = DocumentContext(document)
    wrong = []
    for rule in TRIGGERED:
        if not rule.triggers.isdisjoint(present):
            continue
        defaults = {name: option.default for name, option in rule.options.items()}
        for profile in profiles:
            for diagnostic in run_rule(context, RuleSettings(rule, rule.severity, defaults, profile)):
                wrong.append(f"{path}:{diagnostic.span.line}: {rule.code} (triggers {sorted(rule.triggers)})")
    return wrong


def test_some_rules_have_triggers():
    assert len(TRIGGERED) >= 100


def test_no_rule_finds_anything_in_a_fixture_without_its_triggers():
    wrong = []
    for path in _inf_files(FIXTURES):
        text, _ = decode(path.read_bytes())
        wrong += _untriggered_findings(path, [fixture_profile(text)])
    assert wrong == []


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the sample corpus is not at {CORPUS}")
def test_no_rule_finds_anything_in_the_corpus_without_its_triggers():
    wrong = []
    for path in _inf_files(CORPUS):
        wrong += _untriggered_findings(path, [None, "whql"])
    assert wrong == []


def test_what_a_file_holds_for_triggers():
    document = parse_text(
        'Signature = "$Windows NT$"\n'
        "[Version]\nSignature = $Windows NT$\n"
        "[SourceDisksFiles.amd64]\ncontoso.sys = 1\n"
        "[Contoso_Install.NT]\n  CopyFiles  = Contoso_Files\n"
        '"Add Reg" = Quoted\n'
        "%Token% = Value\n"
        "bare, value, line\n"
        "[Strings]\nAddService = token name\n",
        "test.inf",
    )
    assert present_triggers(document) == {
        "[version]",
        "[sourcedisksfiles]",
        "[contoso_install]",
        "[strings]",
        "signature",
        "contoso.sys",
        "copyfiles",
        "add reg",
        "%token%",
    }


def test_a_rule_is_skipped_on_a_file_without_its_triggers():
    rule = RULES_BY_CODE["IV1250"]
    assert rule.triggers
    settings = RuleSettings(rule, "error", {}, "windows-driver")
    calls = []

    def counting_check(context):
        calls.append(context)
        return rule.check(context)

    counted = RuleSettings(rule._replace(check=counting_check), "error", {}, "windows-driver")
    text = '[Version]\nSignature = "$Windows NT$"\nClass = Sample\n[Strings]\nAddService = x\n'
    document = parse_text(text, "test.inf")
    assert check_document(document, [counted]) == []
    assert calls == []
    assert settings.rule.triggers.isdisjoint(present_triggers(document))
