"""``python -m lsp_server`` and ``infcheck-lsp``: the language server on standard input and output."""

from __future__ import annotations

import argparse
import os
import signal
import sys

DESCRIPTION = """\
The infcheck language server. It speaks the Language Server Protocol on standard
input and output: an editor starts it and talks to it, a person at a terminal
has nothing to type to it. It checks .inf and .inx files and publishing plans as
they are edited, and offers hover, go to definition, references, rename,
completion, quick fixes and an outline."""

TERMINAL_HINT = (
    "infcheck-lsp: waiting for a language client on standard input (an editor starts this); "
    "Ctrl-C stops it, --help says more"
)

# The packages the server imports, and the distribution that provides each.
_DEPENDENCIES = {"pygls": "pygls", "lsprotocol": "lsprotocol", "lark": "lark", "infcheck": "infcheck"}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    from infcheck import __version__

    parser = argparse.ArgumentParser(prog="infcheck-lsp", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"infcheck-lsp {__version__}")
    # Several clients pass --stdio to every server they start; it is the only transport here.
    parser.add_argument("--stdio", action="store_true", help="talk on standard input and output (the default)")
    return parser.parse_args(argv)


def _missing_dependency(missing: ModuleNotFoundError) -> str:
    top = (missing.name or "").partition(".")[0]
    package = _DEPENDENCIES.get(top, top or "a package")
    return (
        f"infcheck-lsp: {sys.executable} cannot import {package}, which the language server needs; "
        f"install infcheck with its dependencies into that Python ({sys.executable} -m pip install . "
        "in a clone of infcheck, or pip install of a wheel built from it)"
    )


def _stop_at_once(signal_number: int, frame: object) -> None:
    # The server reads standard input in a worker thread that a KeyboardInterrupt cannot
    # wake, so Python would wait on it forever at exit; nothing is lost by leaving now.
    sys.stdout.flush()
    os._exit(128 + signal_number)


def main(argv: list[str] | None = None) -> None:
    try:
        _arguments(argv)
    except ModuleNotFoundError as missing:
        print(_missing_dependency(missing), file=sys.stderr)
        sys.exit(2)
    signal.signal(signal.SIGINT, _stop_at_once)
    if sys.stdin is not None and sys.stdin.isatty():
        print(TERMINAL_HINT, file=sys.stderr, flush=True)
    try:
        # The first messages are answered before the server is loaded, which takes longer than
        # checking a small file; the server then carries on from there (see bootstrap.py).
        from lsp_server.bootstrap import Bootstrap

        hand_over = None
        if sys.stdin is not None and sys.stdout is not None:
            hand_over = Bootstrap(sys.stdin.buffer, sys.stdout.buffer).run()
        from lsp_server.server import serve
    except ModuleNotFoundError as missing:
        print(_missing_dependency(missing), file=sys.stderr)
        sys.exit(2)
    serve(hand_over)


if __name__ == "__main__":
    main()
