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
    "IV1304",
    "IV1306",
    "IV1307",
    "IV1308",
    "IV1309",
    "IV1320",
    "IV1321",
    "IV1322",
    "IV1323",
    "IV1324",
    "IV1329",
    "IV1402",
    "IV2010",
    "IV1251",
    "IV1252",
    "IV1384",
    "IV1144",
    "IV1325",
    "IV2009",
    "IV2083",
    "IV2084",
    "IV1340",
    "IV1341",
    "IV2660",
    "IV1201",
    "IV2603",
    "FW011",
    "FW012",
    "FW013",
    "PKG003",
    "PKG006",
    "REPO001",
}


def test_codes_and_names_are_unique_and_well_formed():
    assert len({rule.code for rule in RULES}) == len(RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"(INF|PUB|TGT|SHP|FW|PKG|REPO)\d{3}|IV\d{4}", rule.code)
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


INSTALL_TEXTS = ("README.md", "vscode-extension/README.md", "hooks/pre-commit")


def test_no_text_sends_users_to_a_package_index_that_has_no_infcheck():
    sources = [REPOSITORY / name for name in INSTALL_TEXTS]
    sources += sorted((REPOSITORY / "vscode-extension" / "src").glob("*.ts"))
    sources += sorted((REPOSITORY / "infcheck").rglob("*.py")) + sorted((REPOSITORY / "lsp_server").rglob("*.py"))
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"pip install (--user )?infcheck\b", text), source
        assert "pypi.org/project/infcheck" not in text, source
    for name in INSTALL_TEXTS:
        assert "pip install ." in (REPOSITORY / name).read_text(encoding="utf-8"), name


def _readme_pre_commit_rev() -> str:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    config = readme.split("# .pre-commit-config.yaml\n", 1)[1].split("```", 1)[0]
    return re.search(r"^\s+rev: (\S+)", config, re.MULTILINE).group(1)


def test_readme_pins_pre_commit_and_the_workflow_to_a_commit_id():
    rev = _readme_pre_commit_rev()
    # What `pre-commit autoupdate --freeze` writes for a repository without tags: a full commit id.
    assert re.fullmatch(r"[0-9a-f]{40}", rev)
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert f"infcheck@{rev}" in readme
    assert "v0.1.0" not in readme
    history = subprocess.run(
        ["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=REPOSITORY, capture_output=True, timeout=60
    )
    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=REPOSITORY, capture_output=True, text=True, timeout=60
    )
    if shallow.returncode != 0 or shallow.stdout.strip() == "true":
        pytest.skip("this checkout has no full git history to look the commit up in")
    assert history.returncode == 0, f"{rev} is not a commit of this repository"
