"""Write ``_catalog.py``: what the registry knows of every rule without importing its module.

    python -m infcheck.rules._make_catalog && ruff format infcheck/rules/_catalog.py

Run it after adding a rule module or changing a rule's code, name, level, scope, options or
documentation; tests/test_rules.py fails while the catalog and the modules disagree.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from infcheck.engine import Option, Rule

HEADER = '''"""Every rule's metadata, written by ``python -m infcheck.rules._make_catalog``; do not edit by hand.

The registry builds the rules from this table, so a check imports only the
modules of the rules it runs (the InfVerif rules run only under a profile, the
plan rules only on plans). tests/test_rules.py fails while this table and the
rule modules disagree.
"""

from infcheck.engine import Option

# module, code, name, level, applies to, scope, InfVerif codes, runs by default, triggers, options, documentation
CATALOG = (
'''


def rule_module_names(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.py") if not path.name.startswith("_"))


def catalog_entry(module_name: str) -> tuple:
    """The catalog's row for one rule module, checked as the registry always checked it."""
    rule = Rule.from_module(import_module(f"infcheck.rules.{module_name}"))
    return (
        module_name,
        rule.code,
        rule.name,
        rule.severity,
        rule.applies_to,
        rule.scope,
        rule.infverif,
        rule.by_default,
        tuple(sorted(rule.triggers)),
        dict(rule.options),
        rule.doc,
    )


def _option_source(option: Option) -> str:
    return f"Option({option.kind.__name__}, {option.default!r}, {option.help!r})"


def catalog_source(folder: Path) -> str:
    rows = sorted((catalog_entry(name) for name in rule_module_names(folder)), key=lambda row: row[1])
    lines = [HEADER]
    for module_name, code, name, severity, applies_to, scope, infverif, by_default, triggers, options, doc in rows:
        option_items = ", ".join(f"{key!r}: {_option_source(option)}" for key, option in options.items())
        lines.append(
            f"    (\n        {module_name!r},\n        {code!r},\n        {name!r},\n        {severity!r},\n"
            f"        {applies_to!r},\n        {scope!r},\n        {infverif!r},\n        {by_default!r},\n"
            f"        {triggers!r},\n"
            f"        {{{option_items}}},\n"
            f"        {doc!r},\n    ),\n"
        )
    lines.append(")\n")
    return "".join(lines)


def main() -> None:
    folder = Path(__file__).resolve().parent
    (folder / "_catalog.py").write_text(catalog_source(folder), encoding="utf-8")


if __name__ == "__main__":
    main()
