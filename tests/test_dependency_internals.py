"""The parts of Lark and pygls that infcheck reaches into, and the versions they are pinned to.

infcheck drives Lark's LALR parser state directly and stores its analysed grammar
with Lark's own serialisation; its language server answers protocol errors through
pygls' protocol object. None of that is public API, so pyproject.toml bounds both
packages from above, and these tests fail loudly, naming what moved, on a version
where it is gone.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def declared_range(package: str) -> str:
    match = re.search(rf'"{package}(>=[^"]+)"', PYPROJECT.read_text(encoding="utf-8"))
    assert match, f"{package} is not a dependency in pyproject.toml"
    return match.group(1)


def as_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


@pytest.mark.parametrize("package", ["lark", "pygls"])
def test_installed_version_is_inside_the_declared_range(package):
    declared = declared_range(package)
    low, _, high = declared.partition(",<")
    assert high, f"{package} needs an upper bound in pyproject.toml: infcheck uses its internals"
    installed = as_tuple(version(package))
    assert as_tuple(low.removeprefix(">=")) <= installed < as_tuple(high), (package, version(package), declared)


def test_lark_internals_infcheck_uses_are_there():
    from lark import Lark
    from lark.parsers.lalr_parser_state import ParserState

    for name in ("memo_serialize", "_load_from_dict", "parse_interactive"):
        assert hasattr(Lark, name), f"Lark.{name} is gone: infcheck/grammar_cache.py and parse.py need it"
    assert hasattr(ParserState, "feed_token"), "ParserState.feed_token is gone: infcheck/parse.py feeds tokens with it"


def test_pygls_internals_infcheck_uses_are_there():
    from pygls.protocol import LanguageServerProtocol

    for name in ("structure_message", "handle_message", "_send_response", "lsp_exit"):
        assert hasattr(LanguageServerProtocol, name), (
            f"pygls' protocol has no {name}: lsp_server/server.py overrides it"
        )
    from lsp_server.server import InfLanguageServer

    server = InfLanguageServer()
    assert hasattr(server.protocol, "_shutdown"), "pygls' protocol has no _shutdown flag: lsp_server/server.py reads it"


def test_lark_internals_the_grammar_cache_rebuilds_the_parser_with_are_there():
    from lark.common import LexerConf, ParserConf
    from lark.lexer import LexerThread
    from lark.parsers.lalr_parser import LALR_Parser
    from lark.utils import SerializeMemoizer

    for owner, name in (
        (LexerConf, "deserialize"),
        (ParserConf, "deserialize"),
        (LALR_Parser, "deserialize"),
        (LALR_Parser, "parse_interactive"),
        (SerializeMemoizer, "deserialize"),
    ):
        assert hasattr(owner, name), f"{owner.__name__}.{name} is gone: infcheck/grammar_cache.py needs it"
    assert LexerThread(None, None).state is None
