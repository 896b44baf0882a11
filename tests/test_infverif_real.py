"""infcheck against real InfVerif output on published INF files (tests/fixtures/infverif_real).

``cases.json`` records, for each INF file, where it was published, the InfVerif mode it
was checked in, and the findings InfVerif printed (code and line). Under the profile of
that mode, infcheck must report each finding on the same line through a rule whose
``infverif`` codes (from ``infcheck rules --format json``) include it. A finding of a code
no rule mirrors must be listed as a gap with its reason; an IV finding InfVerif did not
print must be listed as a reviewed extra, so that a new one on a real file is looked at.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from typing import Any, NamedTuple

import pytest
from conftest import FIXTURES, REPOSITORY, diagnostics_for

REAL = FIXTURES / "infverif_real"
MANIFEST = json.loads((REAL / "cases.json").read_text(encoding="utf-8"))
CASES = MANIFEST["cases"]


class Comparison(NamedTuple):
    reproduced: list[dict[str, Any]]  # InfVerif findings infcheck reports
    missed: list[dict[str, Any]]  # InfVerif findings of mirrored codes that infcheck does not report
    other_level: list[dict[str, Any]]  # reproduced findings that infcheck reports at another level
    gaps: list[dict[str, Any]]  # InfVerif findings of codes no infcheck rule mirrors
    extras: list[tuple[str, int]]  # (rule, line) of IV findings InfVerif did not print


@cache
def infverif_codes() -> dict[str, frozenset[int]]:
    """Each rule's InfVerif codes, as ``infcheck rules --format json`` publishes them."""
    listing = subprocess.run(
        [sys.executable, "-m", "infcheck", "rules", "--format", "json"],
        capture_output=True,
        check=True,
        cwd=REPOSITORY,
    )
    return {rule["code"]: frozenset(rule["infverif"]) for rule in json.loads(listing.stdout)}


def compare(case: dict[str, Any]) -> Comparison:
    """Check the case's file under its profile and set InfVerif's findings against infcheck's."""
    mirrors = infverif_codes()
    mirrored = frozenset().union(*mirrors.values())
    path = REAL / case["file"]
    profile = MANIFEST["profiles"][case["mode"]]
    diagnostics = diagnostics_for(path.read_bytes(), None, path=path.name, profile=profile)
    reported = [diagnostic for diagnostic in diagnostics if mirrors.get(diagnostic.code)]
    matched: set[tuple[str, int]] = set()
    reproduced, missed, other_level, gaps = [], [], [], []
    for finding in case["findings"]:
        code, line = finding["code"], finding["line"]
        if code not in mirrored:
            gaps.append(finding)
            continue
        code_only = line == 0 or finding.get("compare") == "code"
        hits = [found for found in reported if code in mirrors[found.code] and (code_only or found.span.line == line)]
        (reproduced if hits else missed).append(finding)
        if hits and all(found.severity != finding["severity"] for found in hits):
            other_level.append(finding)
        matched.update((found.code, found.span.line) for found in hits)
    extras = sorted({(found.code, found.span.line) for found in reported} - matched)
    return Comparison(reproduced, missed, other_level, gaps, extras)


@cache
def compared(name: str) -> Comparison:
    return compare(next(case for case in CASES if case["name"] == name))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_infcheck_reports_what_infverif_printed(case):
    result = compared(case["name"])
    assert result.missed == [], f"{case['file']}: InfVerif printed these and infcheck does not"
    assert result.other_level == [], f"{case['file']}: infcheck reports these at another level than InfVerif"
    assert result.reproduced or result.gaps


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_every_finding_of_an_unmirrored_code_is_a_listed_gap(case):
    result = compared(case["name"])
    listed = {(gap["code"], gap["line"]) for gap in case["gaps"]}
    assert {(gap["code"], gap["line"]) for gap in result.gaps} == listed
    assert all(gap["reason"].strip() for gap in case["gaps"])


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_every_iv_finding_infverif_did_not_print_was_reviewed(case):
    reviewed = sorted((extra["rule"], extra["line"]) for extra in case["reviewed_extras"])
    # A new extra is reviewed before it is listed; one that went away is taken off the list.
    assert compared(case["name"]).extras == reviewed, (
        f"{case['file']}: cases.json lists other extras than infcheck reports"
    )
    assert all(extra["reason"].strip() for extra in case["reviewed_extras"])


def test_the_set_is_large_enough_and_says_where_each_file_comes_from():
    real = [case for case in CASES if case["source"] == "real output"]
    codes = {finding["code"] for case in CASES for finding in case["findings"]}
    assert len(real) >= 10 and len(CASES) >= 20 and len(codes) >= 15
    assert len({case["name"] for case in CASES}) == len(CASES)
    for case in CASES:
        assert case["source"] in ("real output", "documented message"), case["name"]
        assert case["mode"] in MANIFEST["profiles"], case["name"]
        assert (REAL / case["file"]).is_file(), case["name"]
        assert case["urls"] and case["licence"], case["name"]
        if case["source"] == "real output":
            assert case["repository"] and case["path"] and len(case["commit"]) == 40, case["name"]


def test_a_finding_on_another_line_is_not_counted_as_reproduced():
    case = next(case for case in CASES if case["name"] == "wds-ctx")
    moved = dict(case, findings=[dict(case["findings"][1], line=9)])
    assert compare(moved).missed == moved["findings"]


def test_a_finding_at_another_level_is_told_apart():
    case = next(case for case in CASES if case["name"] == "wds-ctx")
    raised = dict(case, findings=[dict(case["findings"][1], severity="error")])  # 1324 is a warning under /u
    assert compare(raised).other_level == raised["findings"]
