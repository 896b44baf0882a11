"""``python -m lsp_server`` and ``infcheck-lsp``: the language server on standard input and output."""

from __future__ import annotations


def main() -> None:
    from lsp_server.server import serve

    serve()


if __name__ == "__main__":
    main()
