"""A digest of bytes for cache keys, without loading OpenSSL.

``hashlib`` loads OpenSSL when it is imported, which costs a plain check more
than reading its file; BLAKE2 is built into CPython, so the caches take it
straight from the built-in module (from ``hashlib`` where that module is absent).
"""

from __future__ import annotations

try:
    from _blake2 import blake2b as _blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b as _blake2b


def digest(data: bytes) -> str:
    """The 256-bit BLAKE2b digest of ``data``, in hexadecimal."""
    return _blake2b(data, digest_size=32).hexdigest()
