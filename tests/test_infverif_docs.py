"""docs/infverif.md and the coverage figures: written from data, and kept up to date by these tests."""

from __future__ import annotations

from conftest import REPOSITORY

from infcheck.infverif_docs import coverage_line, main, render, rules_by_code
from infcheck.infverif_table import CODES
from infcheck.knowledge.infverif_coverage import PARTLY, UNCHECKED, is_pending, is_undecidable
from infcheck.rules import RULES

PAGE = REPOSITORY / "docs" / "infverif.md"


def test_the_page_in_the_repository_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == render(RULES), (
        "docs/infverif.md is out of date: run .venv/bin/python -m infcheck.infverif_docs"
    )


def test_every_documented_code_is_mirrored_by_a_rule_or_has_a_reason():
    mirrored = set(rules_by_code(RULES))
    assert set(CODES) == mirrored | set(UNCHECKED)
    both = sorted(mirrored & set(UNCHECKED))
    assert both == [], f"these codes now have a rule; remove their reason from infverif_coverage.UNCHECKED: {both}"
    assert all(reason and not reason.endswith(".") for reason in UNCHECKED.values())


def test_every_rule_mirrors_only_documented_codes():
    assert set(rules_by_code(RULES)) <= set(CODES)


def test_partial_notes_are_for_codes_a_rule_mirrors():
    assert set(PARTLY) <= set(rules_by_code(RULES))


def test_a_code_is_either_undecidable_or_pending():
    for code in UNCHECKED:
        assert is_undecidable(code) != is_pending(code), code
    assert is_undecidable(1318) and not is_pending(1318)
    assert not is_undecidable(1013) and not is_pending(1013)


def test_the_page_gives_levels_rules_and_reasons():
    page = render(RULES)
    assert "| 1324 | [Version] section should specify PnpLockdown=1" in page
    row = next(line for line in page.splitlines() if line.startswith("| 1324 |"))
    assert row.endswith("| W | W | W | E | E | [IV1324](#iv1324) missing-pnp-lockdown |")
    row = next(line for line in page.splitlines() if line.startswith("| 1318 |"))
    assert "not checked: needs the inbox INF files" in row
    assert "### IV1324\n\n`missing-pnp-lockdown`, InfVerif 1324." in page
    assert "Details: `infcheck rule IV1324`." in page
    assert page.count("\n| 1") + page.count("\n| 2") == 202


def test_the_readme_links_the_page_and_states_the_coverage():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert "(docs/infverif.md)" in readme
    line = coverage_line(RULES)
    assert line.startswith(f"{len(set(rules_by_code(RULES)))} of 202 documented InfVerif codes")
    assert line in readme, f"the README must state the coverage as: {line}"


def test_the_generator_writes_and_checks_the_page(tmp_path):
    page = tmp_path / "infverif.md"
    assert main(["--output", str(page), "--check"]) == 1
    assert main(["--output", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == render(RULES)
    assert main(["--output", str(page), "--check"]) == 0
