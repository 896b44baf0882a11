"""Reading TOML that somebody else wrote, within bounds.

TOML readers spend far more than the size of some inputs suggests: the
standard library's reader needs time and memory that grow with the square of
the parts of one dotted key (a key of 20,000 parts, 129 KB of text, takes
gigabytes), and every reader descends one level of recursion per nested array
or inline table. Configuration files, publishing plans and scenarios all come
from repositories and partners, so every TOML text infcheck reads passes
:func:`check_shape` first: a linear scan that refuses a key of more than
:data:`MAX_KEY_PARTS` parts and values nested more than :data:`MAX_DEPTH`
deep before any reader sees them.
"""

from __future__ import annotations

import re
import sys
from itertools import accumulate
from typing import Any, NoReturn

from infcheck.files import MAX_TOML_BYTES as MAX_TOML_BYTES  # where plans and configurations import it from
from infcheck.files import describe_size

# Real keys have a handful of parts (tool.infcheck.rules.PUB004) and values nest two or three deep.
MAX_KEY_PARTS = 64
MAX_DEPTH = 64

# What hides dots, brackets and '#' from the structure: strings and comments. In valid TOML a
# quote or '#' outside them always starts one, so scanning left to right finds exactly these.
# An unclosed string runs to the end of its line (or of the text), which keeps the scan linear
# on text that is not TOML at all; the reader reports such text.
_STRING_OR_COMMENT = re.compile(
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*(?:"""|\Z)'
    r"|'''[\s\S]*?(?:'''|\Z)"
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
)
_DOT = re.compile(r"[ \t]*\.[ \t]*")
_WORD = re.compile(r"[\w+-]+")
_BRACKET = re.compile(r"[\[\]{}]")
_NOT_DOT_OR_NEWLINE = bytes(code for code in range(256) if code not in b".\n")
_NOT_BRACKET = bytes(code for code in range(256) if code not in b"[]{}")
_NOT_QUOTE_BRACKET_HASH_OR_NEWLINE = bytes(code for code in range(256) if code not in b"'\"[]{}#\n")
_OPENING_ONLY = bytes.maketrans(b"{}", b"[]")
_DEPTH_STEP = {ord("["): 1, ord("]"): -1}
_TOO_MANY_PARTS = f"a dotted key has more than {MAX_KEY_PARTS} parts; infcheck reads at most {MAX_KEY_PARTS}"
_TOO_DEEP = f"arrays or inline tables are nested more than {MAX_DEPTH} deep; infcheck reads at most {MAX_DEPTH} levels"
# Not expected past check_shape, but a reader's recursion must never escape as a traceback.
_TOO_DEEP_FOR_READER = "arrays or inline tables are nested too deeply for the TOML reader"


class TomlRefused(ValueError):
    """TOML text that infcheck does not hand to a reader; ``line`` and ``column`` (1-based) say where."""

    def __init__(self, reason: str, line: int = 1, column: int = 1):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


def check_size(size: int, limit: int = MAX_TOML_BYTES) -> None:
    """Refuse a TOML text of ``size`` bytes (or characters, which are never more) above ``limit``."""
    if size > limit:
        raise TomlRefused(f"it is {describe_size(size)}, more than the {describe_size(limit)} infcheck reads as TOML")


def check_shape(text: str) -> None:
    """Refuse a key of more than :data:`MAX_KEY_PARTS` parts or nesting deeper than :data:`MAX_DEPTH`.

    Linear in the length of ``text``; a text with few dots and brackets is passed at once.
    """
    if text.count(".") < MAX_KEY_PARTS and text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    encoded = text.encode("utf-8", "surrogatepass")
    # Where no string hides a bracket, the text itself has the skeleton's brackets and, line by
    # line, at least its dots: scanning it is as good, and many times quicker than taking out
    # every string of a large file with a regular expression.
    brackets = _brackets_if_no_string_hides_one(encoded)
    skeleton = encoded if brackets is not None else _skeleton(text)
    if _nests_too_deeply(skeleton if brackets is None else brackets):
        _refuse_deep_nesting(text)
    # A key lies on one line, so a line with fewer dots than the limit holds no key too long.
    if b"." * MAX_KEY_PARTS in skeleton.translate(None, _NOT_DOT_OR_NEWLINE):
        if brackets is not None:  # the dots may be those of strings
            skeleton = _skeleton(text)
        collapsed = _WORD.sub("x", _DOT.sub(".", skeleton.decode("utf-8", "surrogatepass")))
        # Numbers and times hold one dot at most, so only a key makes a longer chain.
        if "x." * MAX_KEY_PARTS + "x" in collapsed:
            _refuse_long_key(text)


def _skeleton(text: str) -> bytes:
    """``text`` with each string and comment replaced by ``x``, encoded."""
    return _STRING_OR_COMMENT.sub("x", text).encode("utf-8", "surrogatepass")


def _brackets_if_no_string_hides_one(encoded: bytes) -> bytes | None:
    """The quotes, brackets and line breaks of ``encoded`` when it has no comment and only one-line
    strings whose quotes pair up in order, none holding a bracket: its brackets are then exactly
    those of its skeleton. ``None`` otherwise.

    Checked with a few scans of the whole text, not string by string: no ``#`` (so no comment),
    no three quotes in a row (so no multi-line string), no escaped double quote, one kind of
    quote on any one line (so neither kind hides the other), and, among the quotes and brackets
    of each line, nothing but pairs of adjacent quotes once the brackets outside strings are set
    aside, which is so only when every string is closed on its line and holds no bracket.
    """
    kept = encoded.translate(None, _NOT_QUOTE_BRACKET_HASH_OR_NEWLINE)
    if b"#" in kept or b'"""' in encoded or b"'''" in encoded or b'\\"' in encoded:
        return None
    quotes = kept.translate(None, b"[]{}")
    if b"'\"" in quotes or b"\"'" in quotes:
        return None
    unpaired = kept.replace(b"''", b"").replace(b'""', b"")
    if b"'" in unpaired or b'"' in unpaired:
        return None
    return kept


def _nests_too_deeply(skeleton: bytes) -> bool:
    """Whether the brackets of ``skeleton`` nest deeper than :data:`MAX_DEPTH`.

    Each round of removing every adjacent ``[]`` takes away one level of nesting, and what
    is left when none is adjacent any more is brackets never closed, each a level more at
    most; only when that bound is too high are the brackets counted one by one.
    """
    brackets = remaining = skeleton.translate(_OPENING_ONLY, _NOT_BRACKET)
    rounds = 0
    while b"[]" in remaining and rounds <= MAX_DEPTH:
        remaining = remaining.replace(b"[]", b"")
        rounds += 1
    if rounds + remaining.count(b"[") <= MAX_DEPTH:
        return False
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets))) > MAX_DEPTH


def _same_length_skeleton(text: str) -> str:
    """``text`` with strings and comments blanked out, every offset and line break kept (for positions)."""
    return _STRING_OR_COMMENT.sub(lambda match: re.sub(r"[^\n]", "x", match.group()), text)


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _refuse_deep_nesting(text: str) -> NoReturn:
    depth = 0
    skeleton = _same_length_skeleton(text)
    for match in _BRACKET.finditer(skeleton):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            raise TomlRefused(_TOO_DEEP, *_position(text, match.start()))
    raise TomlRefused(_TOO_DEEP)


def _refuse_long_key(text: str) -> NoReturn:
    collapsed = _WORD.sub("x", _DOT.sub(".", _same_length_skeleton(text)))
    offset = collapsed.find("x." * MAX_KEY_PARTS + "x")
    line = collapsed.count("\n", 0, offset) + 1 if offset >= 0 else 1
    raise TomlRefused(_TOO_MANY_PARTS, line, 1)


def loads(text: str, limit: int = MAX_TOML_BYTES, fast: bool = False) -> dict[str, Any]:
    """The data of TOML ``text``, read by the standard library (or by rtoml when ``fast`` and installed).

    Raises :class:`TomlRefused` for text out of bounds and ``ValueError`` for text that is not
    TOML; with either reader the message ends in ``(at line L, column C)`` when it has a position.
    """
    check_size(len(text), limit)
    check_shape(text)
    try:
        if fast:
            try:
                import rtoml
            except ModuleNotFoundError:
                pass
            else:
                try:
                    loaded: dict[str, Any] = rtoml.loads(text)
                    return loaded
                except rtoml.TomlParsingError as error:
                    raise ValueError(str(error)) from None
        document: dict[str, Any] = _standard_reader().loads(text)  # TOMLDecodeError is a ValueError
        return document
    except RecursionError:
        raise TomlRefused(_TOO_DEEP_FOR_READER) from None


def parse_document(text: str, limit: int = MAX_TOML_BYTES) -> Any:
    """``text`` as a tomlkit document, which keeps comments and layout for rewriting; bounds as :func:`loads`."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    check_size(len(text), limit)
    check_shape(text)
    try:
        return tomlkit.parse(text)
    except ParseError as error:
        raise ValueError(str(error)) from None
    except RecursionError:
        raise TomlRefused(_TOO_DEEP_FOR_READER) from None


def _standard_reader() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    return tomllib
