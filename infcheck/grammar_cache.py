"""The analysed grammar, kept between runs as plain data.

Lark's own ``cache=`` option pickles the parser and unpickles the file before it
checks the grammar's hash, so whoever can write the cache folder (a restored CI
cache, a cache folder inside a repository) could run code in every infcheck
process. This cache holds JSON only: reading it can build dictionaries, lists,
strings and numbers, nothing else. The file is also ignored when it is not a
small regular file owned by the current user and writable only by them, or when
it was made from another grammar, Lark, Python or infcheck: then the grammar is
analysed again and the file rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from infcheck import __version__

# The analysed grammar is about 10 KB; anything much larger is not ours.
MAX_CACHE_BYTES = 1 << 20
FORMAT = 1

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


def load_parser(grammar_text: str, lexer: type, **runtime: Any) -> Lark:
    """A Lark LALR parser for ``grammar_text``, from the cache when a trustworthy entry matches.

    ``lexer`` and ``runtime`` (transformer, postlex) are the live objects the
    parser runs with; they are never stored.
    """
    folder = cache_folder()
    key = _cache_key(grammar_text)
    path = folder / f"grammar-{__version__}.json" if folder is not None else None
    if path is not None:
        stored = _read_trusted(path)
        if stored is not None and stored.get("key") == key:
            try:
                return _from_stored(stored, lexer, runtime)
            except Exception:
                pass
    parser = Lark(grammar_text, parser="lalr", lexer=lexer, **runtime)
    if path is not None:
        _write(path, key, parser)
    return parser


def _cache_key(grammar_text: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "grammar_sha256": hashlib.sha256(grammar_text.encode("utf-8")).hexdigest(),
        "lark": lark.__version__,
        "python": list(sys.version_info[:2]),
        "infcheck": __version__,
    }


def _read_trusted(path: Path) -> dict[str, Any] | None:
    """The stored entry, or ``None`` when there is none or it cannot be trusted."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_CACHE_BYTES:
            return None
        if hasattr(os, "getuid") and (status.st_uid != os.getuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    try:
        stored = json.loads(data, object_hook=_decode_object)
    except (ValueError, TypeError, RecursionError):
        return None
    return stored if isinstance(stored, dict) else None


def _write(path: Path, key: dict[str, Any], parser: Lark) -> None:
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    for name in _RUNTIME_OPTIONS:
        data["options"].pop(name, None)
    # The lexer class is named, not stored: loading puts the live class back.
    data["parser"]["lexer_conf"]["lexer_type"] = None
    text = json.dumps({"key": key, "data": _encode(data), "memo": _encode(memo)}, separators=(",", ":"))
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


def _from_stored(stored: dict[str, Any], lexer: type, runtime: dict[str, Any]) -> Lark:
    data = stored["data"]
    data["options"]["lexer"] = lexer
    data["parser"]["lexer_conf"]["lexer_type"] = lexer
    return Lark._load_from_dict(data, stored["memo"], **runtime)


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
