"""The package facts kept in the result cache read back exactly as they were worked out."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from infcheck.inf_facts_data import facts_data, facts_from_data
from infcheck.parse import parse_bytes
from infcheck.wider import facts_of

SAMPLES = sorted(FIXTURES.rglob("*.inf"))


def _comparable(facts):
    suppressions = facts.suppressions
    return facts._replace(suppressions=None), suppressions.file_codes, suppressions.line_codes


def test_every_fixture_s_facts_survive_the_round_trip():
    compared = 0
    for path in SAMPLES:
        facts = facts_of(parse_bytes(path.read_bytes(), str(path)))
        if facts is None:
            continue
        back = facts_from_data(json.loads(json.dumps(facts_data(facts))))
        assert back is not None
        assert _comparable(back) == _comparable(facts), path
        compared += 1
    assert compared > 100


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data.pop("copies"),
        lambda data: data.update(driver_ver_span=[1, 2, 3]),
        lambda data: data.update(is_extension="yes"),
        lambda data: data["suppressions"].update(lines=[["1", ["INF001"]]]),
    ],
)
def test_damaged_facts_are_a_value_error(damage):
    path = FIXTURES / "firmware" / "capsule.inf"
    data = facts_data(facts_of(parse_bytes(path.read_bytes(), str(path))))
    damage(data)
    with pytest.raises(ValueError):
        facts_from_data(data)
