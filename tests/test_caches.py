"""infcheck/caches.py: an entry per real path, valid while the file's size and time hold, bounded."""

from __future__ import annotations

import os

from infcheck.caches import FileCache


def test_an_entry_is_reused_until_the_file_changes_and_then_replaced(tmp_path):
    path = tmp_path / "a.inf"
    path.write_text("one")
    reads = []
    cache: FileCache[str] = FileCache(limit=4)

    def read(real: str) -> str:
        reads.append(real)
        return open(real, encoding="utf-8").read()

    assert cache.get(path, read) == "one"
    assert cache.get(path, read) == "one"
    assert len(reads) == 1
    path.write_text("two!")
    os.utime(path, ns=(1, 1))
    assert cache.get(path, read) == "two!"
    assert len(reads) == 2
    assert len(cache) == 1


def test_a_link_and_its_target_share_one_entry(tmp_path):
    (tmp_path / "a.inf").write_text("one")
    (tmp_path / "link.inf").symlink_to("a.inf")
    cache: FileCache[int] = FileCache(limit=4)
    cache.get(tmp_path / "a.inf", lambda real: 1)
    assert cache.get(tmp_path / "link.inf", lambda real: 2) == 1
    assert len(cache) == 1


def test_the_least_recently_used_is_forgotten_beyond_the_limit(tmp_path):
    cache: FileCache[str] = FileCache(limit=2)
    for name in ("a", "b", "c"):
        (tmp_path / name).write_text(name)
    cache.get(tmp_path / "a", lambda real: "a")
    cache.get(tmp_path / "b", lambda real: "b")
    cache.get(tmp_path / "a", lambda real: "again")  # a is used again: b is now the oldest
    cache.get(tmp_path / "c", lambda real: "c")
    assert len(cache) == 2
    assert cache.get(tmp_path / "a", lambda real: "read again") == "a"
    assert cache.get(tmp_path / "b", lambda real: "read again") == "read again"
