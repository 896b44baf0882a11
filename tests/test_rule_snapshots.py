"""What every rule says about its failing fixtures, recorded: each finding's place, message and fix.

``tests/test_rules.py`` checks where the findings are; this test keeps their wording and their fixes
from changing unnoticed. The record is ``tests/snapshots/rules.json``. After a deliberate change,
write it again and review the difference before committing::

    INFCHECK_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest -q tests/test_rule_snapshots.py
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    FAILING_ONLY_WHEN_CONFIGURED,
    FIXTURES,
    REPOSITORY,
    TESTS,
    diagnostics_for,
    fixture_profile,
    plan_diagnostics,
)

from infcheck.diagnostics import Diagnostic
from infcheck.publish.plan import is_plan_file

SNAPSHOT = TESTS / "snapshots" / "rules.json"
UPDATE = os.environ.get("INFCHECK_UPDATE_SNAPSHOTS") == "1"


def _fail_fixtures() -> list[Path]:
    # A folder is a package for the package and repository rules (see tests/packages.py).
    return sorted(
        path
        for path in (FIXTURES / "rules").glob("*/fail*")
        if path.suffix.lower() in (".inf", ".inx") or is_plan_file(path.name) or path.is_dir()
    )


def _package_findings(fixture: Path) -> list[Diagnostic]:
    from packages import build_package

    from infcheck.runner import CheckOptions, check_paths

    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        since = build_package(fixture, tree)
        here = Path.cwd()
        os.chdir(tree)
        try:
            return check_paths(["."], CheckOptions(select={fixture.parent.name}, since=since, jobs=1)).diagnostics
        finally:
            os.chdir(here)


def _recorded(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    found: dict[str, Any] = {
        "at": f"{span.line}:{span.column}-{span.end_line}:{span.end_column}",
        # A plan's messages may name where the repository lies, which differs from one checkout to another.
        "message": diagnostic.message.replace(str(REPOSITORY), "<repository>"),
    }
    fix = diagnostic.fix
    if fix is not None:
        found["fix"] = {
            "title": fix.title,
            "safe": fix.safe,
            "edits": [
                {"at": f"{e.span.line}:{e.span.column}-{e.span.end_line}:{e.span.end_column}", "text": e.new_text}
                for e in fix.edits
            ],
        }
    return found


def _findings(fixture: Path) -> list[dict[str, Any]]:
    code = fixture.parent.name
    if fixture.is_dir():
        return [{"file": d.path, **_recorded(d)} for d in _package_findings(fixture)]
    if is_plan_file(fixture.name):
        diagnostics = plan_diagnostics(fixture, code)
    else:
        data = fixture.read_bytes()
        profile = fixture_profile(data.decode("utf-8", "replace"))
        diagnostics = diagnostics_for(data, code, path=fixture.name, profile=profile)
    return [_recorded(diagnostic) for diagnostic in diagnostics]


def _as_text(record: dict[str, Any]) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def test_the_messages_and_fixes_of_every_failing_fixture_are_as_recorded():
    current = {f"{path.parent.name}/{path.name}": _findings(path) for path in _fail_fixtures()}
    assert all(current.values()), "every fail fixture has findings (see test_rules.py)"
    if UPDATE:
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(_as_text(current), encoding="utf-8")
        pytest.skip(f"wrote {SNAPSHOT.relative_to(TESTS.parent)}; review the difference before committing")
    if not SNAPSHOT.is_file():
        pytest.fail(f"no snapshot at {SNAPSHOT}; write it with INFCHECK_UPDATE_SNAPSHOTS=1")
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if recorded != current:
        difference = "".join(
            difflib.unified_diff(
                _as_text(recorded).splitlines(keepends=True),
                _as_text(current).splitlines(keepends=True),
                "recorded (tests/snapshots/rules.json)",
                "found now",
            )
        )
        pytest.fail(
            "what the rules say about their failing fixtures changed; if that is meant, write the snapshot again "
            f"with INFCHECK_UPDATE_SNAPSHOTS=1 and review it:\n{difference}",
            pytrace=False,
        )


def test_the_snapshot_records_every_rule():
    recorded = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    from infcheck.rules import RULES

    expected = {rule.code for rule in RULES} - set(FAILING_ONLY_WHEN_CONFIGURED)
    assert {key.split("/")[0] for key in recorded} == expected
