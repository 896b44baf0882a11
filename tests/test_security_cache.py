"""SECURITY.md, "Caches": nothing infcheck reads back from a cache can run code.

Each case starts a fresh interpreter, so the grammar is really loaded from (or
refused from) the cache folder the case prepared.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from infcheck import __version__

PARSE_ONE_FILE = (
    "from infcheck.parse import parse_text\n"
    "document = parse_text('[Version]\\nSignature = \"$Windows NT$\"\\n')\n"
    "print(len(document.entries), document.sections[0].name)\n"
)


def run_parser(cache: Path | str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "INFCHECK_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", PARSE_ONE_FILE], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 Version"
    return result


def cache_file(folder: Path) -> Path:
    return folder / f"grammar-{__version__}.json"


class Exploit:
    """Unpickling this writes a marker file: the proof that a pickle was loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


def test_grammar_cache_is_plain_json(tmp_path):
    run_parser(tmp_path, tmp_path)
    stored = json.loads(cache_file(tmp_path).read_text(encoding="utf-8"))
    assert stored["key"]["infcheck"] == __version__
    assert set(stored) == {"key", "data", "memo"}


def test_grammar_cache_is_used_when_it_matches(tmp_path):
    run_parser(tmp_path, tmp_path)
    # A stored entry whose tables were damaged but whose key still matches is
    # used, fails, and is replaced: proof that the cache is read, not ignored.
    path = cache_file(tmp_path)
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["data"]["parser"] = {}
    path.write_text(json.dumps(stored), encoding="utf-8")
    run_parser(tmp_path, tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["data"]["parser"] != {}


@pytest.mark.parametrize("name", [f"grammar-{__version__}.json", f"grammar-{__version__}-py3.11.lark-cache"])
def test_a_pickle_in_the_cache_folder_never_runs(tmp_path, name):
    cache = tmp_path / "cache"
    cache.mkdir()
    marker = tmp_path / "marker"
    (cache / name).write_bytes(b"0" * 64 + b"\n" + pickle.dumps(Exploit(marker)) + pickle.dumps(Exploit(marker)))
    run_parser(cache, tmp_path)
    assert not marker.exists()
    json.loads(cache_file(cache).read_text(encoding="utf-8"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is a POSIX notion")
def test_a_cache_file_others_can_write_is_ignored(tmp_path):
    run_parser(tmp_path, tmp_path)
    path = cache_file(tmp_path)
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["data"]["parser"] = {}
    path.write_text(json.dumps(stored), encoding="utf-8")
    path.chmod(0o666)
    run_parser(tmp_path, tmp_path)
    # Not trusted, so not used: the parser was analysed again and written afresh.
    rewritten = json.loads(path.read_text(encoding="utf-8"))
    assert rewritten["data"]["parser"] != {}
    assert path.stat().st_mode & 0o022 == 0


def test_a_relative_cache_folder_is_not_used(tmp_path):
    repository = tmp_path / "repository"
    repository.mkdir()
    run_parser("cache-in-repository", repository)
    assert list(repository.iterdir()) == []
