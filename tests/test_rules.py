"""Every rule against its fixtures: tests/fixtures/rules/<CODE>/{fail,pass}_*.inf (or .publish.toml for plan rules).

A fixture states what it expects in its own comments (see ``conftest.expectations``), and
may name the profile it is checked under (``; profile: whql``, see ``conftest.fixture_profile``);
a pass fixture expects nothing. Only the rule under test is run, so a fixture
may trip other rules without affecting the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FAILING_ONLY_WHEN_CONFIGURED, FIXTURES, expectations, fixture_profile, found, plan_found

from infcheck.decode import decode
from infcheck.publish.plan import is_plan_file
from infcheck.rules import RULES

RULE_FIXTURES = FIXTURES / "rules"


def _fixtures() -> list[Path]:
    return sorted(
        path for path in RULE_FIXTURES.glob("*/*") if path.suffix.lower() in (".inf", ".inx") or is_plan_file(path.name)
    )


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
    if is_plan_file(fixture.name):
        assert plan_found(fixture, code) == expected
    else:
        assert found(data, code, path=fixture.name, profile=fixture_profile(text)) == expected


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_pass_and_fail_fixtures(rule):
    names = [path.name for path in (RULE_FIXTURES / rule.code).glob("*")]
    if rule.code not in FAILING_ONLY_WHEN_CONFIGURED:
        assert any(name.startswith("fail") for name in names), f"{rule.code} has no fail fixture"
    assert any(name.startswith("pass") for name in names), f"{rule.code} has no pass fixture"


def test_one_file_tripping_many_publishing_rules():
    data = (FIXTURES / "demo" / "fabrikam_audio.inf").read_bytes()
    assert found(data, ["PUB", "TGT"], path="fabrikam_audio.inf") == [
        (12, 46, "PUB011"),
        (15, 32, "PUB004"),
        (17, 32, "PUB005"),
        (18, 32, "PUB007"),
        (18, 50, "PUB003"),
        (20, 2, "PUB011"),
        (21, 34, "PUB006"),
        (24, 16, "TGT006"),
    ]


CLEAN_IDS = [
    "PCI\\VEN_8086&DEV_1234&SUBSYS_00011028",
    "USB\\VID_045E&PID_0040",
    "HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_10EC0889",
    "ACPI\\MSFT0001",
]


@pytest.mark.parametrize("hardware_id", CLEAN_IDS)
def test_clean_ids_raise_nothing(hardware_id):
    text = (
        '[Version]\nSignature = "$Windows NT$"\n[Manufacturer]\n%M% = M, NTamd64.10.0...19041\n'
        f"[M.NTamd64.10.0...19041]\n%D% = Install, {hardware_id}, {hardware_id}\n"
        '[Install.NT]\nFeatureScore = 0xF6\n[Strings]\nM = "Contoso"\nD = "Device"\n'
    )
    assert found(text, ["PUB", "TGT"]) == []


def test_the_catalog_says_what_every_rule_module_says():
    """_catalog.py is what ``python -m infcheck.rules._make_catalog`` writes from the modules as they are."""
    from infcheck.rules import _catalog, _make_catalog

    folder = Path(_catalog.__file__).parent
    on_disk = _make_catalog.rule_module_names(folder)
    listed = [row[0] for row in _catalog.CATALOG]
    assert sorted(listed) == on_disk, "run python -m infcheck.rules._make_catalog (a rule module was added or removed)"
    for row in _catalog.CATALOG:
        assert tuple(row) == _make_catalog.catalog_entry(row[0]), (
            f"run python -m infcheck.rules._make_catalog ({row[0]} changed)"
        )
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)
    assert len(RULES) == len(on_disk)


def test_a_rule_module_is_imported_when_its_check_first_runs():
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from infcheck.rules import RULES_BY_CODE\n"
        "assert 'infcheck.rules.iv1324_missing_pnp_lockdown' not in sys.modules\n"
        "from infcheck.config import Config\n"
        "from infcheck.engine import check_document\n"
        "from infcheck.parse import parse_text\n"
        "check_document(parse_text('[Version]\\n', 'a.inf'), Config().rules_for(None))\n"
        "print(' '.join(sorted(name.rpartition('.')[2] for name in sys.modules if name.startswith('infcheck.rules.'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    # The INF, PUB and TGT rules ran; the InfVerif rules (no profile) and the plan rules did not.
    assert {"inf001_syntax_error", "pub001_hwid_no_enumerator", "tgt006_invalid_feature_score"} <= set(loaded)
    assert not [name for name in loaded if name.startswith(("iv", "shp"))]


def test_an_id_with_a_restricted_prefix_gets_one_finding_not_two():
    data = (RULE_FIXTURES / "PUB001" / "fail_no_enumerator.inf").read_bytes()
    assert found(data, ["PUB001", "PUB008"], path="fail_no_enumerator.inf") == [
        (14, 29, "PUB001"),
        (15, 29, "PUB008"),
        (16, 44, "PUB008"),
        (17, 44, "PUB001"),
        (18, 29, "PUB001"),
    ]
