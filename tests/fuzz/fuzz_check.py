"""Coverage-guided fuzzing of a whole check with atheris (libFuzzer for Python).

Each input is the bytes of a would-be INF file, taken through decode, parse,
the index, every rule and the fixes by the shared oracle
(``tests/fuzz/oracle.py``), which asserts what must hold for any input. An
exception, a broken promise, an input slower than ``-timeout`` seconds or a
process larger than ``-rss_limit_mb`` is a finding.

Run it on demand (atheris is the optional ``fuzz`` extra, ``pip install 'atheris>=2.3'``);
``bench/fuzz.py`` does all of this and prints the figures::

    python bench/fuzz.py --seconds 600

or by hand, from the repository's top folder::

    python tests/fuzz/build_corpus.py
    python tests/fuzz/fuzz_check.py -max_total_time=600 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix=bench/results/fuzz- bench/results/fuzz-corpus

The fuzzer adds the inputs that reach new code to ``bench/results/fuzz-corpus``
(ignored by git) and writes an input that fails as
``bench/results/fuzz-crash-<sha1>`` (or ``-timeout-``, ``-oom-``); replay one
with ``python tests/fuzz/fuzz_check.py bench/results/fuzz-crash-<sha1>``. Any
other libFuzzer flag works too, for instance ``-jobs=2 -workers=2``.
``INFCHECK_FUZZ_QUICK=1`` leaves out the checks that cost a multiple of one
check (a second parse, each rule alone, each fix alone) for more inputs a second.

Only infcheck and Lark are instrumented for coverage. The file's name keeps
pytest from collecting it; ``tests/test_properties.py`` runs
:func:`fuzz_one_input` over the seed corpus once, without atheris.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))  # run as a script: make the tests folder importable

THOROUGH = os.environ.get("INFCHECK_FUZZ_QUICK", "") in ("", "0")


def fuzz_one_input(data: bytes) -> None:
    """The fuzz target: raises when ``data`` breaks one of the promises the oracle checks."""
    from fuzz.oracle import exercise  # imported here so that it can be instrumented first

    exercise(data, thorough=THOROUGH)


def main(argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["infcheck", "lark", "fuzz.oracle"]):
        import fuzz.oracle  # noqa: F401  (loads infcheck, the rules and the parser under instrumentation)
    # libFuzzer starts -jobs and -fork workers by handing argv[0] to the shell; this script is
    # not executable by itself, so name the interpreter that runs it too.
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve()))}"
    atheris.Setup([command, *argv[1:]], fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
