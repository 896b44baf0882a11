"""The ways an INF file's text can be stored as bytes, for building test input.

Windows reads INF files as ANSI or UTF-16 (either byte order, with or without
a byte-order mark); UTF-8 with a BOM is not valid but turns up in practice, so
it is here too. Text that a storage cannot hold is still turned into bytes
rather than rejected: ANSI replaces the character with ``?``, and the UTF
forms write lone surrogates as they are, which gives the damaged files the
checker must survive.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

STORAGES: dict[str, Callable[[str], bytes]] = {
    "ansi": lambda text: text.encode("cp1252", errors="replace"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8", errors="surrogatepass"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le", errors="surrogatepass"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be", errors="surrogatepass"),
    "utf-16-le": lambda text: text.encode("utf-16-le", errors="surrogatepass"),
    "utf-16-be": lambda text: text.encode("utf-16-be", errors="surrogatepass"),
}

NEWLINES = ("\r\n", "\n", "\r")


def store(text: str, storage: str) -> bytes:
    """``text`` as the bytes of a file saved in ``storage`` (a key of :data:`STORAGES`)."""
    return STORAGES[storage](text)
