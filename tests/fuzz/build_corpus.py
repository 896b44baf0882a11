"""Build the seed corpus for the fuzzer from the test fixtures and the sample corpus.

    python tests/fuzz/build_corpus.py [DESTINATION]

DESTINATION defaults to ``bench/results/fuzz-corpus`` (ignored by git, as all of
``bench/results`` is: the fuzzer adds the inputs it finds interesting to the
same folder). Seeds are:

* every ``.inf`` and ``.inx`` file under ``tests/fixtures``, and under the
  sample corpus when it is present (``INFCHECK_CORPUS``, or
  ``../shared/corpus/windows-driver-samples`` beside the repository);
* each fixture again as UTF-16 LE with a BOM and as UTF-16 BE without one,
  so the fuzzer starts from both byte orders and both ways of detecting them;
* the degenerate files: empty, and each byte-order mark alone.

Each seed is named by the SHA-1 of its bytes, as libFuzzer names the inputs it
saves, so building twice or into a folder the fuzzer already filled adds no
duplicates.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from infcheck.decode import ANSI, decode

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))  # run as a script: make the tests folder importable

from fuzz.encodings import store  # noqa: E402

TESTS = HERE.parent
FIXTURES = TESTS / "fixtures"
SAMPLE_CORPUS = Path(
    os.environ.get("INFCHECK_CORPUS", TESTS.parent.parent / "shared" / "corpus" / "windows-driver-samples")
)
DEFAULT_DESTINATION = TESTS.parent / "bench" / "results" / "fuzz-corpus"

# Larger seeds slow every execution down; the samples are all far below this.
MAX_SEED_BYTES = 64 * 1024

DEGENERATE_SEEDS = (b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def inf_files(root: Path) -> list[Path]:
    """The INF and INX files under ``root`` (any letter case), in a stable order; none when it is absent."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.suffix.lower() in (".inf", ".inx") and path.is_file())


def seeds() -> Iterator[bytes]:
    """Every seed input, possibly with repeats (writing them removes those)."""
    yield from DEGENERATE_SEEDS
    for path in inf_files(FIXTURES):
        data = path.read_bytes()
        yield data
        text, encoding = decode(data)
        if encoding.codec != ANSI or encoding.binary:
            continue  # already UTF-16 (or not text): the original is seed enough
        yield store(text, "utf-16-le-bom")
        yield store(text, "utf-16-be")
    for path in inf_files(SAMPLE_CORPUS):
        yield path.read_bytes()


def build(destination: Path = DEFAULT_DESTINATION) -> int:
    """Write every seed of at most :data:`MAX_SEED_BYTES` into ``destination``; returns how many were new."""
    destination.mkdir(parents=True, exist_ok=True)
    written = 0
    for data in seeds():
        if len(data) > MAX_SEED_BYTES:
            continue
        target = destination / hashlib.sha1(data).hexdigest()
        if not target.exists():
            target.write_bytes(data)
            written += 1
    return written


def main(argv: list[str]) -> int:
    destination = Path(argv[1]) if len(argv) > 1 else DEFAULT_DESTINATION
    written = build(destination)
    total = sum(1 for _ in destination.iterdir())
    print(f"{written} new seeds written to {destination} ({total} inputs there now)")
    if not SAMPLE_CORPUS.is_dir():
        print(f"note: the sample corpus is not at {SAMPLE_CORPUS}; only the test fixtures were used")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
