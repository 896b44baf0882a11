"""The layers of the code, read from its imports and literals.

* the model layer (the document, its parsing and decoding, the index and its facets, the INF
  knowledge) imports neither the engine, the rules, the runner nor any front end;
* the rules import neither the command line, the runner nor the language server;
* the language server keeps no INF tables of its own: no literal collection in it lists
  words of the INF format (directives, section names and roles, buses...), which belong
  in :mod:`infcheck.knowledge`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from infcheck.hwid import PCI_VENDOR_BUSES, USB_ID_BUSES
from infcheck.knowledge.directives import DIRECTIVES
from infcheck.knowledge.registry import REGISTRY_ROOTS
from infcheck.knowledge.sections import DATA_SECTIONS, FIXED_SECTION_KEYS, INSTALL_FAMILY_SUFFIXES, SECTION_ROLES
from infcheck.knowledge.setup_classes import SYSTEM_CLASSES
from tests.conftest import REPOSITORY

MODEL_LAYER = (
    "infcheck.document",
    "infcheck.parse",
    "infcheck.decode",
    "infcheck.index",
    "infcheck.section_roles",
    "infcheck.hwid",
    "infcheck.guids",
    "infcheck.targetos",
    "infcheck.knowledge",
    "infcheck.facets",
    "infcheck.lines",
)
ABOVE_THE_MODEL = (
    "infcheck.engine",
    "infcheck.rules",
    "infcheck.runner",
    "infcheck.cli",
    "infcheck.output",
    "infcheck.incremental",
    "lsp_server",
)
ABOVE_THE_RULES = ("infcheck.cli", "infcheck.runner", "lsp_server")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPOSITORY).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in ("infcheck", "lsp_server")
        for path in sorted((REPOSITORY / package).rglob("*.py"))
    }


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """The project modules ``name`` imports directly (``from a import b`` counts as ``a.b`` when that is a module)."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {module for module in found if module in MODULES}


def _reachable(name: str) -> set[str]:
    seen: set[str] = set()
    waiting = [name]
    while waiting:
        for module in _imports(waiting.pop()):
            if module not in seen:
                seen.add(module)
                waiting.append(module)
    return seen


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def test_the_layers_are_where_the_test_looks_for_them():
    for prefix in MODEL_LAYER + ABOVE_THE_MODEL:
        assert any(_within(module, (prefix,)) for module in MODULES), prefix


def test_the_model_layer_imports_nothing_above_it():
    wrong = {
        module: sorted(found for found in _reachable(module) if _within(found, ABOVE_THE_MODEL))
        for module in MODULES
        if _within(module, MODEL_LAYER)
    }
    assert {module: found for module, found in wrong.items() if found} == {}


def test_rules_import_no_front_end():
    rules = [module for module in MODULES if _within(module, ("infcheck.rules",))]
    assert len(rules) > 40
    wrong = {
        module: sorted(found for found in _reachable(module) if _within(found, ABOVE_THE_RULES)) for module in rules
    }
    assert {module: found for module, found in wrong.items() if found} == {}


def _inf_words() -> set[str]:
    words = set(DIRECTIVES) | set(SECTION_ROLES) | FIXED_SECTION_KEYS | set(DATA_SECTIONS)
    words |= set(INSTALL_FAMILY_SUFFIXES) | {name.lower() for name in REGISTRY_ROOTS}
    words |= {name.lower() for name in SYSTEM_CLASSES} | {bus.lower() for bus in PCI_VENDOR_BUSES + USB_ID_BUSES}
    return words


INF_WORDS = _inf_words()


def _inf_tables(tree: ast.AST) -> list[tuple[int, list[str]]]:
    """Literal tuples, lists, sets and dicts holding two or more INF words, with their lines."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [*node.keys, *node.values]
        else:
            continue
        words = [
            item.value
            for item in items
            if isinstance(item, ast.Constant) and isinstance(item.value, str) and item.value.lower() in INF_WORDS
        ]
        if len(words) >= 2:
            found.append((node.lineno, words))
    return found


def test_the_check_finds_an_inf_table():
    # The check below must be able to fail: the tables the language server once kept are found.
    written = (
        'ROLES = {"copyfiles": "file-list", "addreg": "add-registry"}\nif key in ("needs", "include"):\n    pass\n'
    )
    assert [line for line, _ in _inf_tables(ast.parse(written))] == [1, 2]


def test_the_language_server_keeps_no_inf_tables():
    found = {
        name: tables
        for name, path in MODULES.items()
        if _within(name, ("lsp_server",)) and (tables := _inf_tables(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}
