"""``check_bytes``, the one way to check a file's bytes: it never raises, and a rule's crash is one finding."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES

from infcheck.config import Config
from infcheck.engine import INTERNAL_ERROR, RuleSettings, check_document, is_internal_error
from infcheck.parse import parse_bytes
from infcheck.runner import check_bytes
from lsp_server.checking import InfChecker
from lsp_server.documents import OpenDocument

SENSOR = FIXTURES / "demo" / "contoso_sensor.inf"
AUDIO = FIXTURES / "demo" / "fabrikam_audio.inf"
RULES = Config().rules_for(None)


def _crashing(code: str) -> list[RuleSettings]:
    """Every rule, with rule ``code`` raising after its first finding."""

    def check(ctx):
        yield from original(ctx)
        raise ZeroDivisionError("division by zero")

    settings = next(settings for settings in RULES if settings.rule.code == code)
    original = settings.rule.check
    broken = settings._replace(rule=settings.rule._replace(check=check))
    return [broken if item is settings else item for item in RULES]


def test_the_findings_are_those_of_check_document():
    data = AUDIO.read_bytes()
    document, diagnostics = check_bytes(data, "fabrikam_audio.inf", RULES, AUDIO)
    assert document is not None and document.kind == "inf"
    assert diagnostics == check_document(parse_bytes(data, "fabrikam_audio.inf"), RULES)
    assert diagnostics and not any(is_internal_error(diagnostic) for diagnostic in diagnostics)


def test_a_crashing_rule_is_one_finding_carrying_its_code_and_the_other_rules_still_report():
    data = AUDIO.read_bytes()
    expected = [d for d in check_document(parse_bytes(data, "a.inf"), RULES) if d.code != "PUB004"]
    _, diagnostics = check_bytes(data, "a.inf", _crashing("PUB004"), AUDIO)
    failures = [d for d in diagnostics if is_internal_error(d)]
    assert [(d.code, d.name, d.severity, tuple(d.span), d.path) for d in failures] == [
        ("PUB004", INTERNAL_ERROR, "error", (1, 1, 1, 1), "a.inf")
    ]
    assert failures[0].message == "rule PUB004 failed on a.inf: ZeroDivisionError: division by zero"
    assert [d for d in diagnostics if not is_internal_error(d)] == expected


def test_a_failure_outside_the_rules_is_one_finding_without_a_code(monkeypatch):
    import infcheck.parse as parse

    def parse_bytes(data, path):
        raise RecursionError("maximum recursion depth exceeded\nwhile parsing")

    # The runner loads the parser when it first checks a file, so the parser module is where to replace it.
    monkeypatch.setattr(parse, "parse_bytes", parse_bytes)
    document, diagnostics = check_bytes(b"[Version]\r\n", "b.inf", RULES, Path("b.inf"))
    assert document is None
    assert [(d.code, d.name, d.message) for d in diagnostics] == [
        ("", INTERNAL_ERROR, "b.inf: RecursionError: maximum recursion depth exceeded (please report it)")
    ]


def test_a_plan_is_recognised_by_where_it_lies():
    plan_path = next((FIXTURES / "rules" / "SHP014").glob("fail*.publish.toml"))
    document, diagnostics = check_bytes(plan_path.read_bytes(), plan_path.name, RULES, plan_path)
    assert document is not None and document.kind == "plan"
    assert "SHP014" in {d.code for d in diagnostics}


def test_the_command_line_reports_a_crashing_rule_as_before(monkeypatch, tmp_path, capsys):
    import infcheck.rules
    from infcheck.cli import main

    rules = tuple(settings.rule for settings in _crashing("INF101"))
    monkeypatch.setattr(infcheck.rules, "RULES", rules)  # the configuration reads the rule list from here
    (tmp_path / "a.inf").write_bytes(b"[Strings]\r\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--select", "INF101", "a.inf"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "infcheck: internal error: rule INF101 failed on a.inf: ZeroDivisionError: division by zero"
    ]


def test_the_editor_reports_a_crashing_rule_once_and_keeps_checking_with_the_others():
    text = SENSOR.read_bytes().decode("cp1252").replace("PCI\\", "PCX\\")
    open_document = OpenDocument("file:///sensor.inf", text, 1)
    checker = InfChecker(open_document)
    rules = _crashing("PUB002")
    expected = check_document(parse_bytes(text.encode("cp1252"), "/sensor.inf"), RULES)
    for _ in range(2):  # the second check starts again from a new incremental checker
        analysis = checker.check(open_document, rules)
        failures = [d.code for d in analysis.diagnostics if is_internal_error(d)]
        assert failures == ["PUB002"]
        assert [d for d in analysis.diagnostics if d.code != "PUB002"] == [d for d in expected if d.code != "PUB002"]
