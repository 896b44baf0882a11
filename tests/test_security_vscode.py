"""SECURITY.md: opening a folder in VS Code runs none of its code.

The extension runs Python twice: a preflight check, then the language server. Python
puts the folder it starts in first on its import path, so a workspace holding its own
``infcheck/``, ``lsp_server/``, ``lark/`` or ``pygls/`` would have had that code run by
merely being opened. Here a hostile workspace has all of those (and modules named like
the ones Python and the extension's own start-up code import), each writing a marker
file when imported. The command lines and working folder come from the extension's
TypeScript (src/launch.ts, through test/launch.mjs), so these run exactly what the
editor runs. Restricted Mode (the workspace's interpreter setting ignored) is checked
in a real editor by tests/test_vscode_e2e.py.

They need node and the extension's npm packages; without them they skip, unless
INFCHECK_E2E_REQUIRED=1 (CI after setup-e2e.sh), in which case they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

import infcheck

EXTENSION = Path(__file__).resolve().parent.parent / "vscode-extension"
LAUNCH = EXTENSION / "test" / "launch.mjs"

# Packages the server imports, and modules Python or the start-up code would import by name.
HOSTILE_PACKAGES = ("infcheck", "lsp_server", "lark", "pygls")
HOSTILE_MODULES = ("runpy", "sitecustomize", "usercustomize", "typing_extensions", "attrs", "cattrs")

SERVER_TIMEOUT_S = 60
BAD_INF = '[Version]\r\nSignature = "$Windows NT$"\r\nDriverVer = 13/01/2026,1.0.0.0\r\n'


@pytest.fixture(scope="module")
def launch():
    """Asks the extension's launch.ts for its command lines, working folder and path checks."""
    missing = None
    if shutil.which("node") is None:
        missing = "node is not on PATH"
    elif not (EXTENSION / "node_modules" / "esbuild").exists():
        missing = "the extension's npm packages are not installed (npm ci in vscode-extension)"
    if missing:
        if os.environ.get("INFCHECK_E2E_REQUIRED") == "1":
            pytest.fail(missing)
        pytest.skip(missing)

    def ask(command: list[str], storage: Path, inside: list | None = None) -> dict:
        request = {"command": command, "storage": str(storage), "inside": inside or []}
        result = subprocess.run(
            ["node", str(LAUNCH), json.dumps(request)],
            cwd=EXTENSION,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return ask


@pytest.fixture
def hostile(tmp_path) -> tuple[Path, Path]:
    """A workspace whose every importable name writes a marker into a folder outside it."""
    workspace, markers = tmp_path / "workspace", tmp_path / "markers"
    workspace.mkdir()
    markers.mkdir()

    def payload(name: str) -> str:
        return f"open({str(markers / name)!r}, 'w').close()\n"

    for name in HOSTILE_PACKAGES:
        (workspace / name).mkdir()
        (workspace / name / "__init__.py").write_text(payload(name))
        (workspace / name / "__main__.py").write_text(payload(name + ".__main__"))
    for name in HOSTILE_MODULES:
        (workspace / f"{name}.py").write_text(payload(name))
    (workspace / "driver.inf").write_bytes(BAD_INF.encode())
    return workspace, markers


def _markers(markers: Path) -> list[str]:
    return sorted(path.name for path in markers.iterdir())


def test_the_hostile_workspace_does_run_when_python_starts_in_it(hostile):
    # What the extension used to do: without this, the tests below could not fail.
    workspace, markers = hostile
    subprocess.run([sys.executable, "-c", "import infcheck, lsp_server"], cwd=workspace, timeout=60)
    assert _markers(markers) == ["infcheck", "lsp_server"]


@pytest.mark.parametrize("started_in", ["working folder", "workspace"])
def test_preflight_imports_nothing_from_the_workspace(launch, hostile, tmp_path, started_in):
    # The extension starts Python in its own folder; even started in the workspace, nothing of it is imported.
    workspace, markers = hostile
    answer = launch([sys.executable], tmp_path / "storage")
    cwd = answer["workingFolder"] if started_in == "working folder" else workspace
    result = subprocess.run([sys.executable, *answer["preflight"]], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    python = ".".join(str(part) for part in sys.version_info[:3])
    assert result.stdout.split() == [python, infcheck.__version__]
    assert _markers(markers) == []


@pytest.mark.parametrize("started_in", ["working folder", "workspace"])
def test_server_starts_checks_and_imports_nothing_from_the_workspace(launch, hostile, tmp_path, started_in):
    workspace, markers = hostile
    answer = launch([sys.executable], tmp_path / "storage")
    cwd = answer["workingFolder"] if started_in == "working folder" else workspace
    server = subprocess.Popen(
        [sys.executable, *answer["server"]],
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # A server that hangs is killed, so the read below ends and the test fails instead of waiting.
    watchdog = threading.Timer(SERVER_TIMEOUT_S, server.kill)
    watchdog.start()
    try:
        initialized = _request(
            server,
            1,
            "initialize",
            {
                "processId": None,
                "rootUri": workspace.as_uri(),
                "capabilities": {},
                "workspaceFolders": [{"uri": workspace.as_uri(), "name": "workspace"}],
            },
        )
        _notify(server, "initialized", {})
        document = workspace / "driver.inf"
        _notify(
            server,
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": document.as_uri(),
                    "languageId": "inf",
                    "version": 1,
                    "text": BAD_INF,
                }
            },
        )
        published = _read_until(server, lambda message: message.get("method") == "textDocument/publishDiagnostics")
        _request(server, 2, "shutdown", None)
        _notify(server, "exit", None)
        assert server.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        if server.poll() is None:
            server.kill()
            server.wait()
        server.stdin.close()
        server.stdout.close()
        server.stderr.close()
    assert initialized["result"]["serverInfo"] == {"name": "infcheck", "version": infcheck.__version__}
    assert published["params"]["uri"] == document.as_uri()
    assert "INF103" in [diagnostic["code"] for diagnostic in published["params"]["diagnostics"]]
    assert _markers(markers) == []


def test_working_folder_is_the_extensions_own_storage(launch, tmp_path):
    storage = tmp_path / "globalStorage" / "infcheck.infcheck"
    assert launch([sys.executable], storage)["workingFolder"] == str(storage)
    assert storage.is_dir()


def test_working_folder_falls_back_to_the_temporary_folder(launch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert launch([sys.executable], blocker / "storage")["workingFolder"] == tempfile.gettempdir()


def test_programs_inside_the_workspace_are_recognised(launch, tmp_path):
    # Restricted Mode runs no program inside the workspace; this is how one is recognised.
    workspace, elsewhere = tmp_path / "project", tmp_path / "project-other"
    (workspace / ".venv" / "bin").mkdir(parents=True)
    elsewhere.mkdir()
    (workspace / ".venv" / "bin" / "python").write_text("")
    (elsewhere / "python-link").symlink_to(workspace / ".venv" / "bin" / "python")
    inside = [
        [str(workspace / ".venv" / "bin" / "python"), [str(workspace)]],
        [str(workspace / ".venv" / ".." / ".venv" / "bin" / "python"), [str(workspace)]],
        [str(elsewhere / "python-link"), [str(workspace)]],
        [str(elsewhere / "python"), [str(workspace)]],
        [sys.executable, [str(workspace)]],
        ["python3", [str(workspace)]],
        [str(workspace / "python"), [str(elsewhere), str(workspace)]],
    ]
    answer = launch([sys.executable], tmp_path / "storage", inside)
    assert answer["inside"] == [True, True, True, False, False, False, True]


def _send(server: subprocess.Popen, message: dict) -> None:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def _notify(server: subprocess.Popen, method: str, params) -> None:
    _send(server, {"method": method, "params": params})


def _request(server: subprocess.Popen, identifier: int, method: str, params) -> dict:
    _send(server, {"id": identifier, "method": method, "params": params})
    return _read_until(server, lambda message: message.get("id") == identifier and "method" not in message)


def _read_until(server: subprocess.Popen, wanted) -> dict:
    while True:
        length = None
        while True:
            line = server.stdout.readline()
            assert line, "the server closed its output: " + server.stderr.read().decode(errors="replace")[-2000:]
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        message = json.loads(server.stdout.read(length))
        if wanted(message):
            return message
