"""Shared test helpers: checking text with the real engine, and where the sample corpus is."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from infcheck.config import Config, resolve_selectors
from infcheck.engine import check_document
from infcheck.parse import parse_bytes, parse_text
from infcheck.publish.plan import parse_plan

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
CORPUS = Path(os.environ.get("INFCHECK_CORPUS", REPOSITORY.parent / "shared" / "corpus" / "windows-driver-samples"))


# Rules that find nothing with their default options, so they have no failing fixture: where
# their failing cases are tested, with the option set.
FAILING_ONLY_WHEN_CONFIGURED = {"FW015": "tests/test_firmware.py, with a baseline INF"}


def diagnostics_for(
    text: str | bytes, select: str | list[str] | None = None, path: str = "test.inf", profile: str | None = None
):
    """Check ``text`` (or raw bytes) with the selected rules (under ``profile``) and return the diagnostics."""
    document = parse_bytes(text, path) if isinstance(text, bytes) else parse_text(text, path)
    selectors = [select] if isinstance(select, str) else select
    codes = resolve_selectors(selectors, "test") if selectors else None
    return check_document(document, Config().rules_for(None, codes, profile=profile))


def plan_diagnostics(path: Path, select: str | list[str] | None = None):
    """Check the plan file at ``path`` (its INF paths resolved from where it lies) with the selected rules."""
    plan = parse_plan(path.read_bytes(), path.name, path)
    selectors = [select] if isinstance(select, str) else select
    codes = resolve_selectors(selectors, "test") if selectors else None
    return check_document(plan, Config().rules_for(None, codes))


def plan_found(path: Path, select: str | list[str] | None = None) -> list[tuple[int, int, str]]:
    """(line, column, code) of every diagnostic of a plan file, sorted."""
    return sorted((d.span.line, d.span.column, d.code) for d in plan_diagnostics(path, select))


def found(
    text: str | bytes, select: str | list[str] | None = None, path: str = "test.inf", profile: str | None = None
) -> list[tuple[int, int, str]]:
    """(line, column, code) of every diagnostic, sorted."""
    return sorted((d.span.line, d.span.column, d.code) for d in diagnostics_for(text, select, path, profile))


_PROFILE = re.compile(r"^[;#]\s*profile:\s*(?P<profile>[a-z-]+)\s*$", re.MULTILINE)
_INLINE = re.compile(r"[;#]\s*expect:\s*(?P<items>(?:[A-Z]+\d+@\d+\s*)+)")
_EXPLICIT = re.compile(r"[;#]\s*expect-at:\s*(?P<line>\d+):(?P<column>\d+)\s+(?P<code>[A-Z]+\d+)")


def fixture_profile(text: str) -> str | None:
    """The profile a fixture asks to be checked under (``; profile: whql`` on a line of its own), if any."""
    match = _PROFILE.search(text)
    return match.group("profile") if match else None


def expectations(text: str) -> list[tuple[int, int, str]]:
    """Expected diagnostics written in a fixture's comments.

    ``; expect: PUB004@27 PUB001@40`` expects those codes at those columns of its
    own line; ``; expect-at: 12:5 INF001`` gives the line too, for lines that
    cannot carry a comment. Plan fixtures write the same after ``#``.
    """
    expected = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        for match in _INLINE.finditer(line):
            for item in match.group("items").split():
                code, column = item.split("@")
                expected.append((number, int(column), code))
        for match in _EXPLICIT.finditer(line):
            expected.append((int(match.group("line")), int(match.group("column")), match.group("code")))
    return sorted(expected)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    return CORPUS


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.rglob("*") if path.suffix.lower() in (".inf", ".inx"))


CORPUS_MISSING = f"the sample corpus is not at {CORPUS} (it lives in ../shared beside the repository; INFCHECK_CORPUS names another folder)"


def corpus_params() -> list:
    """The corpus files as test parameters, or one skipped parameter that says where the corpus was looked for."""
    files = corpus_files()
    if not files:
        return [pytest.param(None, id="no-corpus", marks=pytest.mark.skip(reason=CORPUS_MISSING))]
    return [pytest.param(path, id=path.name) for path in files]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow",
        action="store_true",
        help="also run the tests marked slow (what .ci/run does); INFCHECK_RUN_SLOW=1 does the same",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-slow") or os.environ.get("INFCHECK_RUN_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (as .ci/run does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
