"""Profiles mirror InfVerif's modes: which rules run, and at which level (issue 12, items 2 and 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from infcheck.config import Config, ConfigError, parse_config
from infcheck.infverif_table import PROFILES
from infcheck.rules import RULES
from lsp_server.settings import ClientSettings, WorkspaceRules

TOASTER = FIXTURES / "packages" / "toaster" / "toaster.inf"


def check(*args: str, cwd: Path | None = None) -> list[tuple[int, str, str]]:
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--format", "json", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr
    return [(row["line"], row["code"], row["severity"]) for row in json.loads(result.stdout)]


def levels(profile: str | None) -> dict[str, str]:
    return {settings.rule.code: settings.severity for settings in Config().rules_for(None, profile=profile)}


def test_without_a_profile_iv_rules_run_only_when_selected():
    assert not [code for _, code, _ in check(str(TOASTER)) if code.startswith("IV")]
    assert [code for _, code, _ in check(str(TOASTER), "--select", "IV1324")] == ["IV1324"]


@pytest.mark.parametrize(
    ("profile", "level"),
    [
        ("default", "warning"),
        ("declarative", "warning"),
        ("universal", "warning"),
        ("windows-driver", "error"),
        ("whql", "error"),
    ],
)
def test_each_profile_gives_pnp_lockdown_the_level_of_its_mode(profile, level):
    assert (2, "IV1324", level) in check(str(TOASTER), "--profile", profile)


def test_a_check_the_mode_does_not_report_is_left_out():
    assert "IV1329" not in levels("universal")  # InfVerif: -/-/E
    assert levels("windows-driver")["IV1329"] == "error"
    assert "IV1329" not in levels(None)


def test_universal_checks_are_warnings_without_a_mode_switch():
    # InfVerif without /u reports the 13xx universal checks as warnings.
    assert levels("universal")["IV1324"] == "warning"
    assert levels("default")["IV1305"] == "warning"
    assert levels("universal")["IV1305"] == "error"


def test_inf_rules_that_mirror_infverif_follow_the_profile_too():
    assert levels("declarative")["INF104"] == "error"
    assert levels(None)["INF104"] == RULES[[rule.code for rule in RULES].index("INF104")].severity


def test_a_severity_in_the_configuration_wins_over_the_profile():
    config = parse_config(
        {"profile": "windows-driver", "rules": {"IV1324": {"severity": "info"}}}, None, "infcheck.toml"
    )
    assert {s.rule.code: s.severity for s in config.rules_for(None)}["IV1324"] == "info"


def test_the_configuration_names_the_profile_and_a_wrong_one_is_an_error(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "infcheck.toml").write_text('profile = "windows-driver"\n')
    (tmp_path / "toaster.inf").write_bytes(TOASTER.read_bytes())
    assert (2, "IV1324", "error") in check("toaster.inf", cwd=tmp_path)
    with pytest.raises(ConfigError, match="profile must be one of default, declarative"):
        parse_config({"profile": "strict"}, None, "infcheck.toml")


def test_the_editor_setting_names_the_profile(tmp_path):
    settings = ClientSettings.from_client({"profile": "windows-driver"})
    choice = WorkspaceRules().rules_for(tmp_path / "a.inf", settings)
    assert {s.rule.code: s.severity for s in choice.rules}["IV1324"] == "error"
    wrong = WorkspaceRules().rules_for(tmp_path / "a.inf", ClientSettings.from_client({"profile": "strict"}))
    assert wrong.problems and "IV1324" not in {s.rule.code for s in wrong.rules}


def test_every_rule_lists_its_infverif_codes_in_json():
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "rules", "--format", "json"], capture_output=True, text=True
    )
    rows = {row["code"]: row["infverif"] for row in json.loads(result.stdout)}
    assert len(rows) == len(RULES)
    assert all(isinstance(codes, list) and all(isinstance(code, int) for code in codes) for codes in rows.values())
    assert rows["INF104"] == [1010, 1280, 1281]
    assert rows["IV1324"] == [1324]
    assert rows["PUB004"] == []


def test_rule_documentation_names_the_infverif_code():
    result = subprocess.run([sys.executable, "-m", "infcheck", "rule", "IV1324"], capture_output=True, text=True)
    assert (
        result.stdout.splitlines()[0] == "IV1324 missing-pnp-lockdown (default level: warning; mirrors InfVerif 1324)"
    )


def test_the_command_line_offers_every_profile():
    result = subprocess.run([sys.executable, "-m", "infcheck", "check", "--help"], capture_output=True, text=True)
    help_text = " ".join(result.stdout.split())
    assert all(profile in help_text for profile in PROFILES)
