"""``docs/infverif.md``: InfVerif's documented codes, side by side with the rules that mirror them.

The page is written from data, never by hand: the codes, messages and levels from
:mod:`infcheck.infverif_table`, the rules from their ``INFVERIF`` metadata, and the reasons a
code has no rule from :mod:`infcheck.knowledge.infverif_coverage`. Write it again after adding
or changing a rule::

    python -m infcheck.infverif_docs            # writes docs/infverif.md
    python -m infcheck.infverif_docs --check    # exit status 1 when the page is out of date

``tests/test_infverif_docs.py`` fails when the page in the repository is out of date.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from infcheck.engine import Rule
from infcheck.infverif_table import CODES, ERROR, WARNING, level_for
from infcheck.knowledge.infverif_coverage import PARTLY, UNCHECKED, is_pending, is_undecidable
from infcheck.profiles import PROFILES

DOCUMENTED = len(CODES)
_LETTER = {ERROR: "E", WARNING: "W", None: "–"}
_SWITCHES = {"default": "no switch", "declarative": "/k", "universal": "/u", "windows-driver": "/w", "whql": "/h"}


def rules_by_code(rules: Sequence[Rule]) -> dict[int, list[Rule]]:
    """The rules that mirror each InfVerif code, in rule order."""
    found: dict[int, list[Rule]] = {}
    for rule in rules:
        for code in rule.infverif:
            found.setdefault(code, []).append(rule)
    return found


def coverage_line(rules: Sequence[Rule]) -> str:
    """The sentence the README and the page give for the coverage, with its figure."""
    mirrored = len(set(rules_by_code(rules)) & set(CODES))
    return f"{mirrored} of {DOCUMENTED} documented InfVerif codes are mirrored by an infcheck rule."


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _anchor(rule: Rule) -> str:
    return rule.code.lower()


def render(rules: Sequence[Rule]) -> str:
    """The whole page, as Markdown."""
    mirroring = rules_by_code(rules)
    undecidable = [code for code in CODES if code not in mirroring and is_undecidable(code)]
    pending = [code for code in CODES if code not in mirroring and is_pending(code)]
    header = " | ".join(_SWITCHES[profile] for profile in PROFILES)
    lines = [
        "# InfVerif codes and the infcheck rules that mirror them",
        "",
        "<!-- Written by `python -m infcheck.infverif_docs` from infcheck/infverif_table.py, the rules'",
        "     INFVERIF metadata and infcheck/knowledge/infverif_coverage.py; do not edit by hand. -->",
        "",
        "Microsoft documents 202 codes for InfVerif in WDK 10.0.26200 (Windows 11, version 25H2):",
        "learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings.",
        "",
        f"**{coverage_line(rules)}** Of the others, {len(undecidable)} cannot be decided from the package "
        f"or have no documented trigger, and {len(pending)} can be decided from the package but have no rule yet.",
        "",
        "The level columns give what InfVerif reports under each mode: E error, W warning, – not reported.",
        "`infcheck check --profile NAME` reports each mirrored code at that level: default (no switch),",
        "declarative (`/k`), universal (`/u`), windows-driver (`/w`) and whql (`/h`). Run",
        "`infcheck rule CODE` for a rule's documentation; the links lead to its summary below.",
        "",
        f"| code | InfVerif's message (shortened) | {header} | infcheck |",
        "|---|---|" + "---|" * len(PROFILES) + "---|",
    ]
    for code, entry in CODES.items():
        levels = " | ".join(_LETTER[level_for(code, profile)] for profile in PROFILES)
        checking = mirroring.get(code)
        if checking:
            status = ", ".join(f"[{rule.code}](#{_anchor(rule)}) {rule.name}" for rule in checking)
            if code in PARTLY:
                status += f" (partly: {PARTLY[code]})"
        else:
            status = f"not checked: {UNCHECKED[code]}"
        lines.append(f"| {code} | {_cell(entry.message)} | {levels} | {_cell(status)} |")
    lines += ["", "## Rules that mirror InfVerif codes", ""]
    for rule in rules:
        if not rule.infverif:
            continue
        codes = ", ".join(str(code) for code in rule.infverif)
        lines += [
            f"### {rule.code}",
            "",
            f"`{rule.name}`, InfVerif {codes}. {rule.summary} Details: `infcheck rule {rule.code}`.",
            "",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from infcheck.rules import RULES

    parser = argparse.ArgumentParser(prog="python -m infcheck.infverif_docs", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("docs/infverif.md"), help="where the page goes")
    parser.add_argument("--check", action="store_true", help="only say whether the page is up to date")
    arguments = parser.parse_args(argv)
    text = render(RULES)
    if arguments.check:
        current = arguments.output.read_text(encoding="utf-8") if arguments.output.is_file() else None
        if current != text:
            sys.stderr.write(f"{arguments.output} is out of date; run python -m infcheck.infverif_docs\n")
            return 1
        return 0
    arguments.output.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
