"""The ``infcheck-lsp`` command as a person at a terminal meets it: help, version, a hint, Ctrl-C."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest

from infcheck import __version__

SERVER = [sys.executable, "-m", "lsp_server"]


def run_server(*arguments: str, prelude: str = "") -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", f"{prelude}import sys; from lsp_server.__main__ import main; main(sys.argv[1:])"]
    return subprocess.run([*command, *arguments], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)


def test_help_prints_a_usage_text_and_exits():
    result = run_server("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: infcheck-lsp [-h] [--version] [--stdio]\n")
    assert "Language Server Protocol" in result.stdout


def test_version_prints_the_version_and_exits():
    result = run_server("--version")
    assert (result.returncode, result.stdout) == (0, f"infcheck-lsp {__version__}\n")


def test_an_unknown_option_is_refused_with_the_usage():
    result = run_server("--tcp")
    assert result.returncode == 2
    assert "unrecognized arguments: --tcp" in result.stderr


def test_a_missing_dependency_is_one_line_that_says_what_to_install():
    result = run_server(prelude="import sys; sys.modules['pygls'] = None; ")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"infcheck-lsp: {sys.executable} cannot import pygls, which the language server needs;")
    assert "-m pip install ." in lines[0]


@pytest.mark.skipif(os.name == "nt", reason="needs a pseudo-terminal")
def test_on_a_terminal_it_says_what_it_is_and_ctrl_c_stops_it():
    import pty

    controller, terminal = pty.openpty()
    try:
        server = subprocess.Popen(SERVER, stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        hint = b""
        while b"\n" not in hint and time.monotonic() < deadline:
            if select.select([server.stderr], [], [], 1.0)[0]:
                hint += os.read(server.stderr.fileno(), 1024)
        server.send_signal(signal.SIGINT)
        try:
            _, rest = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
        assert hint.startswith(b"infcheck-lsp: waiting for a language client on standard input"), hint
    finally:
        os.close(controller)
        os.close(terminal)
    assert server.returncode == 128 + signal.SIGINT
    assert b"Traceback" not in rest
