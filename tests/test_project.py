"""The project's own promises: rule metadata and documentation, the README's commands, packaging."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPOSITORY

from infcheck.rules import RULES

WARNINGS_BY_DEFAULT = {
    "INF006",
    "INF007",
    "TGT003",
    "TGT004",
    "TGT005",
    "TGT007",
    "SHP007",
    "IV1205",
    "IV1324",
    "IV1329",
    "IV1402",
    "IV2010",
    "IV2009",
    "IV2084",
    "PKG003",
    "PKG006",
    "REPO001",
}


def test_codes_and_names_are_unique_and_well_formed():
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"(INF|PUB|TGT|SHP|PKG|REPO)\d{3}|IV\d{4}", rule.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)


def test_default_levels():
    assert {rule.code for rule in RULES if rule.severity == "warning"} == WARNINGS_BY_DEFAULT
    assert all(rule.severity == "error" for rule in RULES if rule.code not in WARNINGS_BY_DEFAULT)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_rule_documentation(rule):
    headings = re.findall(r"^## (.+)$", rule.doc, re.MULTILINE)
    assert headings[:4] == ["What it does", "Why is this bad?", "Example", "Use instead"]
    assert "Source" in headings, "every rule names the source it enforces"
    language = "toml" if rule.applies_to == "plan" else "inf"
    assert rule.doc.count(f"```{language}") >= 2, "a failing and a fixed example"
    assert rule.summary.endswith(".")


def _readme_commands() -> list[str]:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_readme_gives_exactly_two_setup_commands_and_ci_runs_the_second():
    commands = _readme_commands()
    assert len(commands) == 2
    assert "tests/fixtures/demo" in commands[0]
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_the_installed_package_finds_its_grammar(tmp_path):
    # Run outside the repository, so the installed infcheck is imported, not the source tree.
    found = subprocess.run(
        [sys.executable, "-c", "from infcheck.parse import grammar_path; print(grammar_path())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    grammar = Path(found.stdout.strip())
    assert grammar.read_text(encoding="utf-8") == (REPOSITORY / "inf_grammar.lark").read_text(encoding="utf-8")


def _readme_console_examples() -> list:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    examples = []
    for block in re.findall(r"```console\n(.+?)```", readme, re.DOTALL):
        command, _, output = block.partition("\n")
        # Blocks that elide lines with "..." show a shape, not a whole output.
        if command.startswith("$ infcheck ") and "\n  ...\n" not in output:
            examples.append(pytest.param(command[2:], output, id=command[2:]))
    return examples


@pytest.mark.parametrize("command, expected", _readme_console_examples())
def test_readme_examples_print_what_the_readme_shows(command, expected):
    arguments = shlex.split(command)
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", *arguments[1:]],
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
    )
    assert result.stdout == expected
