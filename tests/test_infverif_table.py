"""The InfVerif level table: its data against the reference it was taken from, and the profiles."""

from __future__ import annotations

import re

import pytest
from conftest import REPOSITORY

from infcheck.infverif_table import CODES, PROFILES, WHQL_DIRIDS, level_for

REFERENCE = REPOSITORY.parent / "shared" / "reference" / "infverif-table.md"
_ROW = re.compile(r"^\| (\d{4}) \| (.*?) \| ([EW–]) \| ([EW–]) \| ([EW–]) \|", re.MULTILINE)
_LETTERS = {"E": "error", "W": "warning", "–": None}


def test_the_table_matches_the_reference():
    if not REFERENCE.is_file():
        pytest.skip(f"the InfVerif reference table is not at {REFERENCE} (it lives in ../shared beside the repository)")
    main_table = REFERENCE.read_text(encoding="utf-8").split("Totals over")[0]
    rows = _ROW.findall(main_table)
    assert len(rows) == 202
    assert sorted(CODES) == sorted(int(row[0]) for row in rows)
    for code, message, declarative, universal, windows_driver in rows:
        entry = CODES[int(code)]
        assert (entry.declarative, entry.universal, entry.windows_driver) == (
            _LETTERS[declarative],
            _LETTERS[universal],
            _LETTERS[windows_driver],
        ), code
        assert entry.message == message.replace("\\\\", "\\"), code


def test_the_table_holds_every_documented_code():
    assert len(CODES) == 202
    assert min(CODES) == 1000
    assert max(CODES) == 2663


@pytest.mark.parametrize(
    ("code", "levels"),
    [
        # (default, declarative, universal, windows-driver, whql)
        (1324, ("warning", "warning", "warning", "error", "error")),
        (1305, ("warning", "warning", "error", "error", "error")),
        (1304, ("warning", "warning", "error", None, None)),
        (1320, (None, None, None, "error", "error")),
        (1300, ("warning", "error", "error", "error", "error")),
        (2084, ("warning", "warning", "warning", "error", "error")),
        (1231, ("error", "warning", "error", "error", "error")),
        (1204, ("error", "error", "error", "error", "error")),
        (2083, ("warning", "warning", "warning", "warning", "warning")),
    ],
)
def test_levels_per_profile(code, levels):
    assert tuple(level_for(code, profile) for profile in PROFILES) == levels


def test_unknown_profile_and_code_are_refused():
    with pytest.raises(ValueError, match="unknown profile"):
        level_for(1324, "strict")
    with pytest.raises(KeyError):
        level_for(9999)


def test_whql_exception_dirids():
    assert {10, 11, 12, 23, 51, 52, 55, 16422, 16428, 66000, 66004} <= WHQL_DIRIDS
    assert 13 not in WHQL_DIRIDS
    assert len(WHQL_DIRIDS) == 17
