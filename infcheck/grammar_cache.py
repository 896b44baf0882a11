"""The analysed grammar, kept between runs as plain data.

Lark's own ``cache=`` option pickles the parser and unpickles the file before it
checks the grammar's hash, so whoever can write the cache folder (a restored CI
cache, a cache folder inside a repository) could run code in every infcheck
process. This cache holds JSON only: reading it can build dictionaries, lists,
strings and numbers, nothing else. The file is also ignored when it is not a
small regular file owned by the current user and writable only by them, or when
it was made from another grammar, Lark, Python or infcheck: then the grammar is
analysed again and the file rewritten.

A fresh entry is loaded without Lark's grammar loader: the lexer's terminals,
the parser's rules and its LALR table are rebuilt with the same classes Lark's
own loader uses, and the rules' callbacks are the transformer's methods, which
the writer checked Lark would call with nothing in between. Importing ``lark``
itself imports the grammar loader, which costs a plain check more than all of
its parsing; so while ``lark`` has not been imported, the package is registered
without running its ``__init__`` (see :func:`_register_lark_package`), and the
first name asked of it runs the ``__init__`` then.
"""

from __future__ import annotations

import json
import os
import re
import sys
from importlib.machinery import ModuleSpec, PathFinder
from importlib.util import module_from_spec
from pathlib import Path
from types import ModuleType
from typing import Any

from infcheck import __version__
from infcheck.digest import digest
from infcheck.files import read_own_file


def _register_lark_package() -> ModuleSpec | None:
    """Make ``lark``'s modules importable without running ``lark/__init__.py``; its spec, or ``None``.

    The registered module runs the real ``__init__`` into itself the first time a
    name it lacks is asked of it, so ``from lark import Lark`` still works
    afterwards, anywhere. Nothing is registered when ``lark`` is already imported.
    """
    if "lark" in sys.modules:
        return None
    spec = PathFinder.find_spec("lark")
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return None
    package = module_from_spec(spec)
    loader = spec.loader
    completed = False

    def complete(name: str) -> Any:
        nonlocal completed
        if completed or (name.startswith("__") and name not in ("__version__", "__all__")):
            raise AttributeError(f"module 'lark' has no attribute {name!r}")
        completed = True
        loader.exec_module(package)
        return getattr(package, name)

    package.__getattr__ = complete  # type: ignore[method-assign]
    sys.modules["lark"] = package
    return spec


_LARK_SPEC = _register_lark_package()

# Everything below imports lark's modules, never lark/__init__.py (and so never its grammar loader).
from lark.grammar import NonTerminal, Rule  # noqa: E402
from lark.lexer import Lexer, LexerThread, TerminalDef  # noqa: E402
from lark.visitors import Transformer  # noqa: E402

__all__ = ["Lexer", "NonTerminal", "Rule", "Transformer", "cache_folder", "load_parser"]

# The analysed grammar is about 10 KB; anything much larger is not ours.
MAX_CACHE_BYTES = 1 << 20
FORMAT = 2

# Options that hold live objects: they are never stored and are given again when loading.
_RUNTIME_OPTIONS = ("postlex", "transformer", "lexer", "cache")


def cache_folder() -> Path | None:
    """infcheck's per-user cache folder, created if needed; ``None`` when it cannot be.

    ``INFCHECK_CACHE_DIR`` overrides the platform's usual place. A relative
    override is ignored (no cache is used): it would resolve inside whatever
    folder infcheck runs in, which may be a repository someone else controls.
    """
    override = os.environ.get("INFCHECK_CACHE_DIR")
    if override:
        folder = Path(override)
        if not folder.is_absolute():
            return None
    elif sys.platform == "win32":
        folder = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "infcheck" / "Cache"
    elif sys.platform == "darwin":
        folder = Path.home() / "Library" / "Caches" / "infcheck"
    else:
        folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "infcheck"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def load_parser(grammar_text: str, lexer: type, **runtime: Any) -> Any:
    """A Lark LALR parser for ``grammar_text``, from the cache when a trustworthy entry matches.

    ``lexer`` and ``runtime`` (transformer, postlex) are the live objects the
    parser runs with; they are never stored. The parser offers what infcheck
    uses of a ``Lark`` object: ``terminals``, ``lexer_conf`` and ``parse_interactive``.
    """
    folder = cache_folder()
    key = _cache_key(grammar_text)
    path = folder / f"grammar-{__version__}.json" if folder is not None and key is not None else None
    if path is not None:
        stored = _read_trusted(path)
        if stored is not None and stored.get("key") == key:
            try:
                return StoredParser(stored, runtime.get("transformer"))
            except Exception:
                pass
    from lark.lark import Lark  # the grammar loader: only when the grammar has to be analysed

    parser = Lark(grammar_text, parser="lalr", lexer=lexer, **runtime)
    if path is not None and key is not None:
        _write(path, key, parser)
    return parser


class StoredParser:
    """The LALR parser of a stored entry, rebuilt with Lark's own classes but not its grammar loader."""

    def __init__(self, stored: dict[str, Any], transformer: Any):
        from lark.common import LexerConf, ParserConf
        from lark.parsers.lalr_parser import LALR_Parser
        from lark.utils import SerializeMemoizer

        data = stored["data"]
        if data.get("plain_callbacks") is not True:
            raise ValueError("the stored rules need Lark's tree builder between the parser and the transformer")
        memo = SerializeMemoizer.deserialize(stored["memo"], {"Rule": Rule, "TerminalDef": TerminalDef}, {})
        self.lexer_conf = LexerConf.deserialize(data["parser"]["lexer_conf"], memo)
        self.terminals = self.lexer_conf.terminals
        parser_conf = ParserConf.deserialize(data["parser"]["parser_conf"], memo)
        # What Lark's tree builder gives the parser when no rule needs a wrapper (see _write).
        callbacks = {
            rule: getattr(transformer, rule.alias or rule.options.template_source or rule.origin.name)
            for rule in parser_conf.rules
        }
        self._parser = LALR_Parser.deserialize(data["parser"]["parser"], memo, callbacks)
        (self._start,) = parser_conf.start

    @property
    def lalr_parser(self) -> Any:
        """The table-driven parser inside (Lark's ``_Parser``), as ``lark.parser.parser.parser`` is for a ``Lark``."""
        return self._parser.parser

    def parse_interactive(self, _text: Any = None) -> Any:
        """An interactive LALR parse; tokens are fed to its ``parser_state``, as with ``Lark.parse_interactive``."""
        return self._parser.parse_interactive(LexerThread(None, None), self._start)


def _lark_version() -> str | None:
    """Lark's version, read from its ``__init__.py`` when that has not run (running it is what we avoid)."""
    if _LARK_SPEC is None or "Lark" in vars(sys.modules.get("lark", ModuleType("lark"))):
        return str(getattr(sys.modules.get("lark"), "__version__", "")) or None
    try:
        source = Path(str(_LARK_SPEC.origin)).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None
    match = re.search(r"""^__version__\s*(?::\s*str\s*)?=\s*["']([^"']+)["']""", source, re.MULTILINE)
    return match.group(1) if match else None


def _cache_key(grammar_text: str) -> dict[str, Any] | None:
    lark_version = _lark_version()
    if lark_version is None:
        return None
    return {
        "format": FORMAT,
        "grammar_blake2b": digest(grammar_text.encode("utf-8")),
        "lark": lark_version,
        "python": list(sys.version_info[:2]),
        "infcheck": __version__,
    }


def _read_trusted(path: Path) -> dict[str, Any] | None:
    """The stored entry, or ``None`` when there is none or it cannot be trusted."""
    read = read_own_file(path, MAX_CACHE_BYTES)
    if read is None:
        return None
    try:
        stored = json.loads(read[0], object_hook=_decode_object)
    except (ValueError, TypeError, RecursionError):
        return None
    return stored if isinstance(stored, dict) else None


def _write(path: Path, key: dict[str, Any], parser: Any) -> None:
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    # Loading calls the transformer's methods straight from the parser; that is right only
    # while Lark's tree builder wraps no rule's callback (no filtered tokens, no inlining).
    data["plain_callbacks"] = all(not wrappers for _rule, wrappers in parser._parse_tree_builder.rule_builders)
    for name in _RUNTIME_OPTIONS:
        data["options"].pop(name, None)
    # The lexer class is named, not stored: loading puts the live class back.
    data["parser"]["lexer_conf"]["lexer_type"] = None
    text = json.dumps({"key": key, "data": _encode(data), "memo": _encode(memo)}, separators=(",", ":"))
    import tempfile  # only writing needs it

    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".grammar-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass


# JSON has neither tuples nor integer keys; Lark's parse tables use both.
def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: _encode(item) for key, item in value.items()}
        return {"__items__": [[key, _encode(item)] for key, item in value.items()]}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode_object(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if "__tuple__" in value and isinstance(value["__tuple__"], list):
            return tuple(value["__tuple__"])
        if "__items__" in value and isinstance(value["__items__"], list):
            return dict(value["__items__"])
    return value
