"""Suppression comments, configuration files and rule selection."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import found

from infcheck.config import ConfigError, ConfigResolver, load_config, resolve_selectors
from infcheck.engine import check_document
from infcheck.parse import parse_text
from infcheck.rules import RULES

MODELS = textwrap.dedent(
    """\
    [Version]
    Signature = "$Windows NT$"
    [Manufacturer]
    %M% = M, NTamd64
    [M.NTamd64]
    {line}
    [Strings]
    M = "M"
    """
)


def _models(line: str) -> str:
    return MODELS.format(line=line)


def test_noqa_with_codes_only_silences_those_codes():
    text = _models("%M% = I, PCI\\VEN_8086&DEV_1234, VID_1 ; noqa: PUB004")
    assert found(text, "PUB") == [(6, 33, "PUB001")]


def test_bare_noqa_and_prefixes():
    assert found(_models("%M% = I, PCI\\VEN_8086&DEV_1234, VID_1 ; NOQA"), "PUB") == []
    assert found(_models("%M% = I, PCI\\VEN_8086&DEV_1234, VID_1 ; noqa: pub"), "PUB") == []


def test_noqa_inside_a_quoted_string_is_not_a_comment():
    text = _models('%M% = I, "PCI\\VEN_8086&DEV_1234", "; noqa"')
    assert found(text, "PUB004") == [(6, 11, "PUB004")]  # the span points inside the quotes, at the ID


def test_noqa_at_the_end_of_a_continued_entry_covers_all_its_lines():
    text = _models("%M% = I, \\\n  PCI\\VEN_8086&DEV_1234 ; noqa: PUB004")
    assert found(text, "PUB004") == []


def test_disable_next_line():
    text = _models(
        "; infcheck: disable-next-line PUB004\n%M% = I, PCI\\VEN_8086&DEV_1234\n%M% = I, PCI\\VEN_8086&DEV_5678"
    )
    assert found(text, "PUB004") == [(8, 10, "PUB004")]


def test_disable_file_anywhere():
    text = _models("%M% = I, PCI\\VEN_8086&DEV_1234, VID_1") + "; infcheck: disable-file PUB004\n"
    assert found(text, "PUB") == [(6, 33, "PUB001")]


def test_a_reason_after_the_codes_is_not_read_as_codes():
    text = _models("%M% = I, PCI\\VEN_8086&DEV_1234, %Undefined% ; noqa: PUB004 in review")
    assert found(text, ["PUB004", "INF201"]) == [(6, 33, "INF201")]


def test_noqa_colon_without_codes_silences_nothing():
    text = _models("%M% = I, PCI\\VEN_8086&DEV_1234 ; noqa: reviewed by the team")
    assert found(text, "PUB004") == [(6, 10, "PUB004")]


def test_selectors():
    assert resolve_selectors(["PUB004"], "x") == {"PUB004"}
    assert resolve_selectors(["two-part-hwid"], "x") == {"PUB004"}
    assert resolve_selectors(["INF1"], "x") == {rule.code for rule in RULES if rule.code.startswith("INF1")}
    assert resolve_selectors(["ALL"], "x") == {rule.code for rule in RULES}
    with pytest.raises(ConfigError, match="matches no rule"):
        resolve_selectors(["XYZ9"], "--select")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_pyproject_settings_apply_to_files_below(tmp_path):
    _write(
        tmp_path,
        "pyproject.toml",
        """\
        [tool.infcheck]
        select = ["PUB"]
        ignore = ["PUB001"]
        per-file-ignores = { "legacy/*.inf" = ["PUB004"] }

        [tool.infcheck.rules.two-part-hwid]
        severity = "warning"
        """,
    )
    resolver = ConfigResolver()
    inf = tmp_path / "drivers" / "a.inf"
    codes = {settings.rule.code: settings.severity for settings in resolver.for_path(inf).rules_for(inf)}
    assert "PUB001" not in codes and "INF101" not in codes
    assert codes["PUB004"] == "warning"
    legacy = tmp_path / "legacy" / "b.inf"
    assert "PUB004" not in {s.rule.code for s in resolver.for_path(legacy).rules_for(legacy)}


def test_nearest_file_wins_and_dot_file_beats_plain(tmp_path):
    _write(tmp_path, "pyproject.toml", '[tool.infcheck]\nselect = ["PUB"]\n')
    _write(tmp_path, "sub/infcheck.toml", 'select = ["TGT"]\n')
    _write(tmp_path, "sub/.infcheck.toml", 'select = ["INF"]\n')
    resolver = ConfigResolver()
    assert resolver.for_path(tmp_path / "a.inf").select == {r.code for r in RULES if r.code.startswith("PUB")}
    assert resolver.for_path(tmp_path / "sub" / "a.inf").select == {r.code for r in RULES if r.code.startswith("INF")}


def test_pyproject_without_infcheck_table_is_not_a_config(tmp_path):
    _write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    assert ConfigResolver().for_path(tmp_path / "a.inf").source is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selekt = ["PUB"]\n', "unknown key 'selekt'"),
        ('select = ["PUB999"]\n', "matches no rule"),
        ("select = 3\n", "must be a list of strings"),
        ('[rules.PUB004]\nseverity = "fatal"\n', "severity must be one of"),
        ('[rules.PUB004]\ncolour = "red"\n', "unknown option 'colour'"),
        ('[rules.NOPE]\nseverity = "error"\n', "unknown rule 'NOPE'"),
        ('[rules.PUB004]\nallowed-ids = "x"\n', None),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_invalid_configuration_is_reported(tmp_path, text, message):
    path = _write(tmp_path, "infcheck.toml", text)
    if message is None:
        assert load_config(path).rule_settings["PUB004"]["allowed-ids"] == ["x"]
        return
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_allowed_ids_option_skips_granted_exceptions(tmp_path):
    path = _write(tmp_path, "infcheck.toml", '[rules.PUB004]\nallowed-ids = ["pci\\\\ven_8086&dev_1234"]\n')
    config = load_config(path)
    document = parse_text(_models("%M% = I, PCI\\VEN_8086&DEV_1234, PCI\\VEN_8086&DEV_5678"))
    diagnostics = check_document(document, [s for s in config.rules_for(None) if s.rule.code == "PUB004"])
    assert [(d.span.line, d.span.column) for d in diagnostics] == [(6, 33)]


def test_exclude_patterns(tmp_path):
    config = load_config(_write(tmp_path, "infcheck.toml", 'exclude = ["build/", "**/generated_*.inf"]\n'))
    assert config.is_excluded(tmp_path / "build" / "x.inf")
    assert config.is_excluded(tmp_path / "a" / "b" / "generated_1.inf")
    assert not config.is_excluded(tmp_path / "src" / "x.inf")


def test_the_per_rule_cap_counts_only_findings_left_after_suppression(monkeypatch):
    from infcheck import engine
    from infcheck.engine import RuleSettings

    monkeypatch.setattr(engine, "FINDINGS_PER_RULE", 3)
    rule = next(rule for rule in RULES if rule.code == "INF201")
    settings = RuleSettings(rule, rule.severity, {})
    line = "%M% = I, PCI\\VEN_1, %A%, %B%, %C%, %D%"

    def codes_and_lines(text: str) -> list[tuple[int, str]]:
        return [(d.span.line, d.message.split(" ")[0]) for d in check_document(parse_text(text), [settings])]

    assert "2 more INF201 findings" in check_document(parse_text(_models(line + ", %E%")), [settings])[-1].message

    # Four on one line, all suppressed: nothing left, and no "more findings" note.
    assert codes_and_lines(_models(line + " ; noqa: INF201")) == []
    # Three suppressed on a line and three not: the cap of three holds them all.
    suppressed = _models(line.replace(", %D%", "") + " ; noqa: INF201\n%M% = J, PCI\\VEN_2, %E%, %F%, %G%")
    assert [message for _, message in codes_and_lines(suppressed)] == ["%E%", "%F%", "%G%"]
    # Five unsuppressed: three, and a fourth that says two more were left out.
    five = codes_and_lines(_models(line + ", %E%"))
    assert [message for _, message in five] == ["%A%", "%B%", "%C%", "2"]


class _StandIn:
    """A check that stands for another, as the registry's first-use checks do."""

    def __init__(self, load):
        self.load = load
        self.loads = 0

    @property
    def function(self):
        self.loads += 1
        return self.load()

    def __call__(self, context):
        raise AssertionError("the engine called the stand-in instead of its function")


def test_the_engine_loads_a_stand_in_check_once_and_calls_its_function():
    from infcheck.engine import RuleSettings

    rule = next(rule for rule in RULES if rule.code == "INF201")
    stand_in = _StandIn(lambda: rule.check.function)
    settings = RuleSettings(rule._replace(check=stand_in), rule.severity, {})
    text = _models("%M% = I, PCI\\VEN_1, %A%")
    for _ in range(2):
        assert [(d.span.line, d.code) for d in check_document(parse_text(text), [settings])] == [(6, "INF201")]
    assert stand_in.loads == 1


def test_a_stand_in_check_that_cannot_load_names_its_rule():
    from infcheck.engine import RuleCrash, RuleSettings

    def missing_module():
        raise ImportError("no module named infcheck.rules.gone")

    rule = next(rule for rule in RULES if rule.code == "INF201")
    settings = RuleSettings(rule._replace(check=_StandIn(missing_module)), rule.severity, {})
    with pytest.raises(RuleCrash, match=r"rule INF201 failed on .*ImportError: no module named infcheck\.rules\.gone"):
        check_document(parse_text(_models("%M% = I, PCI\\VEN_1")), [settings])
