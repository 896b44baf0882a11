"""Every rule against its fixtures: tests/fixtures/rules/<CODE>/{fail,pass}_*.inf.

A fixture states what it expects in its own comments (see ``conftest.expectations``);
a pass fixture expects nothing. Only the rule under test is run, so a fixture
may trip other rules without affecting the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, expectations, found
from infcheck.decode import decode
from infcheck.rules import RULES

RULE_FIXTURES = FIXTURES / "rules"


def _fixtures() -> list[Path]:
    return sorted(path for path in RULE_FIXTURES.glob("*/*") if path.suffix.lower() in (".inf", ".inx"))


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_fixture(fixture: Path):
    data = fixture.read_bytes()
    text, _ = decode(data)
    code = fixture.parent.name
    expected = [item for item in expectations(text) if item[2] == code]
    if fixture.name.startswith("fail"):
        assert expected, "a fail fixture must expect at least one diagnostic"
    else:
        assert not expected, "a pass fixture expects nothing"
    assert found(data, code, path=fixture.name) == expected


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_pass_and_fail_fixtures(rule):
    names = [path.name for path in (RULE_FIXTURES / rule.code).glob("*")]
    assert any(name.startswith("fail") for name in names), f"{rule.code} has no fail fixture"
    assert any(name.startswith("pass") for name in names), f"{rule.code} has no pass fixture"
