"""The extension's manifest and the files it names agree with each other (no node needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

EXTENSION = Path(__file__).resolve().parent.parent / "vscode-extension"
MANIFEST = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
CONTRIBUTES = MANIFEST["contributes"]


def _inf_language() -> dict:
    (language,) = [entry for entry in CONTRIBUTES["languages"] if entry["id"] == "inf"]
    return language


def test_inf_language_covers_inf_and_inx_files():
    assert _inf_language()["extensions"] == [".inf", ".inx"]


def test_language_configuration_uses_semicolon_comments_and_brackets():
    configuration = json.loads((EXTENSION / _inf_language()["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": ";"}
    assert configuration["brackets"] == [["[", "]"], ["{", "}"]]
    markers = configuration["folding"]["markers"]
    assert re.search(markers["start"], "; region Models") and re.search(markers["end"], ";endregion")
    assert not re.search(markers["start"], "[Regions]")


def test_grammar_named_in_the_manifest_exists_with_its_scope():
    (grammar,) = CONTRIBUTES["grammars"]
    assert grammar["language"] == "inf"
    text = json.loads((EXTENSION / grammar["path"]).read_text(encoding="utf-8"))
    assert text["scopeName"] == grammar["scopeName"] == "source.inf"


def test_settings_the_issue_asks_for_are_contributed():
    properties = CONTRIBUTES["configuration"]["properties"]
    assert sorted(properties) == [
        "infcheck.ignore",
        "infcheck.interpreter",
        "infcheck.profile",
        "infcheck.select",
        "infcheck.trace.server",
    ]
    assert properties["infcheck.profile"]["enum"] == [
        "",
        "default",
        "declarative",
        "universal",
        "windows-driver",
        "whql",
        "/k",
        "/u",
        "/w",
        "/h",
    ]
    assert properties["infcheck.trace.server"]["enum"] == ["off", "messages", "verbose"]
    # The client's trace setting must be named <client id>.trace.server for vscode-languageclient to honour it.
    client = (EXTENSION / "src" / "client.ts").read_text(encoding="utf-8")
    assert "new LanguageClient('infcheck'," in client


def test_restart_command_is_contributed_and_registered():
    commands = [command["command"] for command in CONTRIBUTES["commands"]]
    assert commands == ["infcheck.restart"]
    assert "registerCommand('infcheck.restart'" in (EXTENSION / "src" / "extension.ts").read_text(encoding="utf-8")


def test_interpreter_setting_is_restricted_in_untrusted_workspaces():
    # "limited": the extension runs in Restricted Mode, and VS Code hides the workspace's interpreter from it.
    untrusted = MANIFEST["capabilities"]["untrustedWorkspaces"]
    assert untrusted["supported"] == "limited"
    assert untrusted["restrictedConfigurations"] == ["infcheck.interpreter"]


def test_package_carries_only_what_vscode_loads():
    kept = [line for line in (EXTENSION / ".vscodeignore").read_text().splitlines() if line.startswith("!")]
    assert "!out/extension.js" in kept and "!syntaxes/inf.tmLanguage.json" in kept
    assert "!language-configuration.json" in kept
    assert MANIFEST["main"] == "./out/extension.js"
