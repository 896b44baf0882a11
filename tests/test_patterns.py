"""LazyPattern: a regular expression compiled on first use, answering as the compiled pattern does."""

from __future__ import annotations

import re

from infcheck.patterns import LazyPattern


def test_nothing_is_compiled_until_the_pattern_is_used():
    pattern = LazyPattern(r"(?P<key>\w+)\s*=", re.IGNORECASE)
    assert pattern._compiled is None
    assert pattern.match("AddReg = x").group("key") == "AddReg"
    assert pattern._compiled is not None


def test_every_method_answers_as_the_compiled_pattern():
    source, text = r"\d+", "a1 b22, c333"
    lazy, compiled = LazyPattern(source), re.compile(source)
    assert lazy.match(text, 1).group() == compiled.match(text, 1).group() == "1"
    assert lazy.fullmatch("22") is not None and lazy.fullmatch("a22") is None
    assert lazy.search(text, 3, 6).group() == compiled.search(text, 3, 6).group() == "22"
    assert [m.span() for m in lazy.finditer(text, 2)] == [m.span() for m in compiled.finditer(text, 2)]
    assert lazy.sub("#", text) == "a# b#, c#"
    assert lazy.sub(lambda match: f"<{len(match.group())}>", text, 2) == "a<1> b<2>, c333"
