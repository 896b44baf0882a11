"""Turn the bytes of an INF file into text, remembering how they were encoded.

Windows reads an INF either as UTF-16 (normally little-endian with a BOM) or,
when it is not UTF-16, with the system ANSI code page. Decoding therefore never
fails here: every byte sequence becomes some text, and what was detected is
kept in an :class:`Encoding` so a fix can write the file back byte-exactly.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

UTF16_LE = "utf-16-le"
UTF16_BE = "utf-16-be"
UTF8 = "utf-8"
ANSI = "cp1252"

_NEWLINE = re.compile(r"\r\n|\r|\n")


class Encoding(NamedTuple):
    """How a file's bytes map to its text.

    ``codec`` is a Python codec name, ``bom`` the byte-order mark the file
    started with (empty when none), ``newline`` the first line ending found
    (``"\\r\\n"`` when the file has none), ``binary`` whether the bytes do
    not look like text at all, and ``damaged`` whether some bytes were not
    valid in the detected encoding and were replaced.
    """

    codec: str
    bom: bytes = b""
    newline: str = "\r\n"
    binary: bool = False
    damaged: bool = False

    @property
    def is_utf16(self) -> bool:
        return self.codec in (UTF16_LE, UTF16_BE)

    @property
    def label(self) -> str:
        """A short human name such as ``UTF-16 LE with BOM`` or ``ANSI (cp1252)``."""
        names = {UTF16_LE: "UTF-16 LE", UTF16_BE: "UTF-16 BE", UTF8: "UTF-8", ANSI: "ANSI (cp1252)"}
        name = names.get(self.codec, self.codec)
        if self.bom:
            return f"{name} with BOM"
        return name

    def encode(self, text: str) -> bytes:
        """Encode ``text`` back into bytes the way the original file was encoded."""
        if self.codec == ANSI:
            return self.bom + text.encode(ANSI, errors="infcheck-ansi")
        return self.bom + text.encode(self.codec)


def _ansi_error_handler(error: UnicodeError) -> tuple[str | bytes, int]:
    """Treat the five bytes cp1252 leaves undefined as Latin-1, as Windows does.

    Windows maps 0x81, 0x8D, 0x8F, 0x90 and 0x9D to U+0081 and so on; doing
    the same in both directions keeps such files round-trippable.
    """
    if isinstance(error, UnicodeDecodeError):
        return error.object[error.start : error.end].decode("latin-1"), error.end
    if isinstance(error, UnicodeEncodeError):
        chunk = error.object[error.start : error.end]
        if all(ord(char) < 256 for char in chunk):
            return chunk.encode("latin-1"), error.end
    raise error


codecs.register_error("infcheck-ansi", _ansi_error_handler)


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where the NUL bytes fall in the first kilobyte.

    ASCII text in UTF-16 has a NUL in every other byte: the odd positions for
    little-endian, the even ones for big-endian.
    """
    sample = data[:1024]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.7 and even_nuls < half * 0.1:
        return UTF16_LE
    if even_nuls > half * 0.7 and odd_nuls < half * 0.1:
        return UTF16_BE
    return None


def _first_newline(text: str) -> str:
    match = _NEWLINE.search(text)
    return match.group() if match else "\r\n"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f]")


def _looks_binary(text: str) -> bool:
    """Text with NULs or many control characters is not an INF file.

    A NUL is looked for in the whole text, not just the sample: wherever it is,
    Windows stops reading there, so a file with a NUL at byte 5000 is no more an
    INF file than one with a NUL at byte 5.
    """
    if "\x00" in text:
        return True
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 20)


def decode(data: bytes) -> tuple[str, Encoding]:
    """Decode INF bytes into text and the :class:`Encoding` that was detected.

    Never raises: undecodable UTF-16 is replaced character by character, and
    the ANSI path maps every byte to a character.
    """
    if data.startswith(codecs.BOM_UTF16_LE):
        codec, bom = UTF16_LE, codecs.BOM_UTF16_LE
    elif data.startswith(codecs.BOM_UTF16_BE):
        codec, bom = UTF16_BE, codecs.BOM_UTF16_BE
    elif data.startswith(codecs.BOM_UTF8):
        codec, bom = UTF8, codecs.BOM_UTF8
    else:
        codec, bom = _looks_like_bomless_utf16(data) or ANSI, b""

    body = data[len(bom) :]
    damaged = False
    if codec == ANSI:
        text = body.decode(ANSI, errors="infcheck-ansi")
    else:
        try:
            text = body.decode(codec)
        except UnicodeDecodeError:
            text = body.decode(codec, errors="replace")
            damaged = True
    return text, Encoding(codec, bom, _first_newline(text), _looks_binary(text), damaged)
