"""Profiles mirror InfVerif's modes: which rules run, and at which level (issue 12, items 2 and 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from infcheck.config import Config, ConfigError, parse_config, resolve_selectors
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


@pytest.mark.parametrize(("switch", "level"), [("/k", "warning"), ("/u", "warning"), ("/w", "error"), ("/H", "error")])
def test_infverif_switches_name_the_profiles_on_the_command_line(switch, level):
    assert check(str(TOASTER), "--profile", switch, "--select", "IV1324") == [(2, "IV1324", level)]


def test_an_unknown_switch_is_a_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", str(TOASTER), "--profile", "/v"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "'/v' is not a profile; expected one of default" in result.stderr


def test_the_configuration_and_the_editor_take_the_switches_too(tmp_path):
    config = parse_config({"profile": "/w"}, None, "infcheck.toml")
    assert config.profile == "windows-driver"
    choice = WorkspaceRules().rules_for(tmp_path / "a.inf", ClientSettings.from_client({"profile": "/u"}))
    assert not choice.problems
    assert {s.rule.code: s.severity for s in choice.rules}["IV1305"] == "error"


def test_an_infverif_selector_names_the_rules_that_mirror_the_code():
    assert resolve_selectors(["infverif:1324"], "--select") == {"IV1324"}
    assert resolve_selectors(["InfVerif:1280"], "--select") == {"INF104"}
    assert check(str(TOASTER), "--profile", "default", "--ignore", "infverif:1284,infverif:1293") == [
        (2, "IV1324", "warning"),
        (17, "IV1275", "error"),
        (22, "IV1013", "error"),
        (25, "IV2084", "warning"),
    ]


def test_the_configuration_takes_infverif_selectors():
    config = parse_config({"profile": "/w", "ignore": ["infverif:1324"]}, None, "infcheck.toml")
    assert "IV1324" not in {s.rule.code for s in config.rules_for(None)}


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("infverif:9999", "'infverif:9999' is not a documented InfVerif code"),
        ("infverif:abc", "'infverif:abc' is not a documented InfVerif code"),
        ("infverif:1000", "InfVerif code 1000 has no infcheck rule yet"),
    ],
)
def test_an_unknown_or_unmirrored_infverif_code_is_a_clear_error(selector, message):
    with pytest.raises(ConfigError, match=message):
        resolve_selectors([selector], "select")
