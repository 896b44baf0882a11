"""The bootstrap answers the first messages before the server is loaded, and hands over without a trace.

The capabilities it answers ``initialize`` with are data written from the server; a test here
fails when the server would answer differently (set INFCHECK_UPDATE_SNAPSHOTS=1 to write them
again). The other tests talk to ``python -m lsp_server`` over a raw JSON-RPC stream, as an
editor does, and check that whatever the client sends around the hand-over is answered as the
server alone would answer it.
"""

from __future__ import annotations

import io
import json
import os
import pprint
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.capabilities import ServerCapabilitiesBuilder

from lsp_server import bootstrap, capabilities_data
from lsp_server.server import server

REPOSITORY = Path(__file__).resolve().parent.parent
DATA = REPOSITORY / "lsp_server" / "capabilities_data.py"
TOASTER = REPOSITORY / "tests" / "fixtures" / "packages" / "toaster" / "toaster.inf"
Message = dict[str, Any]


def server_capabilities(client: dict[str, Any]) -> dict[str, Any]:
    """What the server answers ``initialize`` with for these client capabilities, built as pygls builds it."""
    protocol = server.protocol
    capabilities = protocol._converter.structure(client, types.ClientCapabilities)
    features = protocol.fm
    built = ServerCapabilitiesBuilder(
        capabilities,
        set({**features.features, **features.builtin_features}.keys()),
        features.feature_options,
        list(features.commands.keys()),
        server._text_document_sync_kind,
        server._notebook_document_sync,
        ServerCapabilitiesBuilder.choose_position_encoding(capabilities),
    ).build()
    return json.loads(json.dumps(protocol._converter.unstructure(built)))  # plain data, no enums


CLIENTS = [
    {},
    {"textDocument": {"rename": {"prepareSupport": True}}},
    {"textDocument": {"rename": {"prepareSupport": False}}},
    {"general": {"positionEncodings": ["utf-8", "utf-16"]}},
    {"general": {"positionEncodings": ["utf-32"]}, "textDocument": {"rename": {"prepareSupport": True}}},
    {"general": {"positionEncodings": ["latin-1"]}},
    {"general": {"positionEncodings": []}},
    {"workspace": {"configuration": True, "fileOperations": {"didCreate": True, "willRename": True}}},
    {"textDocument": {"synchronization": {"willSave": True, "willSaveWaitUntil": True}}},
    {"textDocument": {"synchronization": {"willSave": False, "didSave": True}, "rename": {"prepareSupport": True}}},
    {"notebookDocument": {"synchronization": {"dynamicRegistration": False}}},
]


def test_capabilities_data_is_what_the_server_answers():
    if os.environ.get("INFCHECK_UPDATE_SNAPSHOTS"):
        data = {
            "rename": server_capabilities({}),
            "rename with prepare": server_capabilities({"textDocument": {"rename": {"prepareSupport": True}}}),
        }
        for answer in data.values():
            del answer["positionEncoding"]  # what the client offers decides it
        DATA.write_text(
            '"""The capabilities the server answers ``initialize`` with, for the bootstrap to answer\n'
            "before the server is loaded (without the position encoding, which the client's offer decides).\n\n"
            "Written by tests/test_lsp_bootstrap.py from the server itself with INFCHECK_UPDATE_SNAPSHOTS=1;\n"
            'the test fails when the server would answer differently.\n"""\n\n'
            "from typing import Any\n\n"
            f"CAPABILITIES: dict[str, dict[str, Any]] = {pprint.pformat(data, width=110, sort_dicts=True)}\n"
        )
        pytest.skip("capabilities data written")
    for client in CLIENTS:
        answer = bootstrap.initialize_answer({"capabilities": client})
        assert answer is not None
        assert answer["capabilities"] == server_capabilities(client), client


def test_capabilities_the_bootstrap_cannot_tell_are_left_to_the_server():
    for client in (
        {"general": {"positionEncodings": "utf-8"}},
        {"general": None},
        {"textDocument": {"rename": {"prepareSupport": None}}},
        {"textDocument": []},
        {"textDocument": {"synchronization": {"willSave": "yes"}}},
    ):
        assert bootstrap.initialize_answer({"capabilities": client}) is None
    assert bootstrap.initialize_answer({}) is None
    assert capabilities_data.CAPABILITIES["rename"]["renameProvider"] is True


# -- through the process, as an editor meets it ------------------------------------------------------


class RawClient:
    """``python -m lsp_server`` and a JSON-RPC stream to it, with no library between them."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lsp_server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPOSITORY,
        )
        self.received: queue.Queue[Message] = queue.Queue()
        self.seen: list[Message] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            message = json.loads(stream.read(length))
            if message.get("method") == "client/registerCapability":
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            self.received.put(message)

    def send_bytes(self, data: bytes) -> None:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(data)
        stdin.flush()

    def send(self, message: Message, header: bytes = b"") -> None:
        body = json.dumps(message).encode()
        self.send_bytes(b"Content-Length: %d\r\n%s\r\n%s" % (len(body), header, body))

    def request(self, method: str, params: Any, header: bytes = b"") -> int:
        self._next_id += 1
        self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params}, header)
        return self._next_id

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, matches: Callable[[Message], bool]) -> Message:
        for message in self.seen:
            if matches(message):
                return message
        while True:
            message = self.received.get(timeout=60)
            self.seen.append(message)
            if matches(message):
                return message

    def answer(self, number: int) -> Message:
        return self.wait(lambda message: message.get("id") == number and "method" not in message)

    def diagnostics(self, uri: str, version: int) -> Message:
        return self.wait(
            lambda message: (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
                and message["params"].get("version") == version
            )
        )["params"]["diagnostics"]

    def initialize(self, capabilities: Message | None = None, options: Any = None) -> Message:
        params = {"processId": None, "rootUri": REPOSITORY.as_uri(), "capabilities": capabilities or {}}
        if options is not None:
            params["initializationOptions"] = options
        answer = self.answer(self.request("initialize", params))
        self.notify("initialized", {})
        return answer

    def open(self, path: Path, text: str | None = None, version: int = 1) -> str:
        text = path.read_text() if text is None else text
        item = {"uri": path.as_uri(), "languageId": "inf", "version": version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})
        return path.as_uri()

    def close(self) -> tuple[int, str]:
        """Shut the server down; its exit status and what it wrote to standard error."""
        self.answer(self.request("shutdown", None))
        self.notify("exit", None)
        _, errors = self.process.communicate(timeout=60)
        return self.process.returncode, errors.decode("utf-8", "replace")

    def answers_to(self, number: int) -> int:
        """How many answers with this id arrived in all (read to the end of the stream)."""
        while True:
            try:
                self.seen.append(self.received.get(timeout=1))
            except queue.Empty:
                break
        return sum(1 for message in self.seen if message.get("id") == number and "method" not in message)

    def publications(self, uri: str, version: int) -> int:
        return sum(
            1
            for message in self.seen
            if message.get("method") == "textDocument/publishDiagnostics"
            and message["params"]["uri"] == uri
            and message["params"].get("version") == version
        )


@pytest.fixture
def raw_client():
    client = RawClient()
    yield client
    if client.process.poll() is None:
        client.process.kill()
        client.process.communicate()


def expected_diagnostics(path: Path, text: str, settings: Message | None = None) -> list[tuple[str, int, int]]:
    """The codes, lines and severities the server alone publishes for ``text``, worked out in this process."""
    from lsp_server.checking import InfChecker
    from lsp_server.documents import OpenDocument
    from lsp_server.settings import ClientSettings, WorkspaceRules, settings_from

    document = OpenDocument(path.as_uri(), text, 1, "inf")
    choice = WorkspaceRules().rules_for(path, settings_from(settings) or ClientSettings())
    analysis = InfChecker(document).check(document.state(), choice.rules)
    severities = {"error": 1, "warning": 2, "info": 3}
    return sorted((found.code, found.span.line - 1, severities[found.severity]) for found in analysis.diagnostics)


def summary(diagnostics: list[Message]) -> list[tuple[str, int, int]]:
    return sorted((found["code"], found["range"]["start"]["line"], found["severity"]) for found in diagnostics)


def test_the_bootstrap_answers_first_and_the_server_answers_what_follows_at_once(raw_client):
    text = TOASTER.read_text()
    answer = raw_client.initialize()
    assert answer["result"]["capabilities"] == server_capabilities({})
    assert answer["result"]["serverInfo"]["name"] == "infcheck"
    uri = raw_client.open(TOASTER, text)
    # Sent right behind the didOpen, so they reach the server around the hand-over.
    line = text.splitlines().index("[Toaster.NTamd64.10.0...16299]") + 1
    place = {"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}}
    hover = raw_client.request("textDocument/hover", place)
    completion = raw_client.request("textDocument/completion", place)
    symbols = raw_client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    assert summary(raw_client.diagnostics(uri, 1)) == expected_diagnostics(TOASTER, text)
    first_hover = raw_client.answer(hover)["result"]
    assert "Contoso Toaster" in first_hover["contents"]["value"]
    items = raw_client.answer(completion)["result"]["items"]
    assert [item["label"] for item in items] == ["DiskName", "Provider", "Toaster.DeviceDesc"]
    outline = raw_client.answer(symbols)["result"]
    assert [symbol["name"] for symbol in outline][:2] == ["Version", "Manufacturer"]
    # Asked again once the server has surely taken over: the same answer.
    assert raw_client.answer(raw_client.request("textDocument/hover", place))["result"] == first_hover
    status, errors = raw_client.close()
    assert status == 0
    assert raw_client.answers_to(1) == 1  # initialize, answered by the bootstrap only
    assert raw_client.publications(uri, 1) == 1  # the bootstrap's check was taken over, not done again
    assert "bootstrap answered initialize" not in errors


def test_a_change_sent_before_the_hand_over_is_not_lost(raw_client):
    text = TOASTER.read_text()
    raw_client.initialize()
    uri = raw_client.open(TOASTER, text)
    changed = text.replace("CatalogFile = toaster.cat\n", "")
    full = {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": changed}]}
    raw_client.notify("textDocument/didChange", full)
    assert summary(raw_client.diagnostics(uri, 2)) == expected_diagnostics(TOASTER, changed)
    assert expected_diagnostics(TOASTER, changed) != expected_diagnostics(TOASTER, text)
    assert raw_client.close()[0] == 0


@pytest.mark.parametrize("options", [{"profile": "windows-driver"}, {"infcheck": {"profile": "/w", "ignore": ["INF"]}}])
def test_settings_in_the_initialization_options_apply_to_the_first_diagnostics(raw_client, options):
    text = TOASTER.read_text()
    raw_client.initialize(options=options)
    uri = raw_client.open(TOASTER, text)
    found = summary(raw_client.diagnostics(uri, 1))
    assert found == expected_diagnostics(TOASTER, text, options)
    assert ("IV1324", 1, 1) in found  # PnpLockdown missing: an error in the windows-driver profile
    assert found != expected_diagnostics(TOASTER, text)
    assert raw_client.close()[0] == 0
    assert raw_client.publications(uri, 1) == 1


def settings_request(client: RawClient) -> Message:
    request = client.wait(lambda message: message.get("method") == "workspace/configuration")
    assert request["params"] == {"items": [{"section": "infcheck"}]}
    return request


def settings_requests(client: RawClient) -> int:
    return sum(1 for message in client.seen if message.get("method") == "workspace/configuration")


@pytest.mark.parametrize("answer_first", [False, True])
def test_the_bootstrap_asks_for_settings_and_applies_them_to_the_first_diagnostics(raw_client, answer_first):
    text = TOASTER.read_text()
    raw_client.initialize({"workspace": {"configuration": True}})
    uri = TOASTER.as_uri()
    if not answer_first:  # as VS Code does: the file is opened before the settings are sent
        raw_client.open(TOASTER, text)
    request = settings_request(raw_client)
    settings = {"profile": "windows-driver"}
    raw_client.send({"jsonrpc": "2.0", "id": request["id"], "result": [settings]})
    if answer_first:
        raw_client.open(TOASTER, text)
    line = text.splitlines().index("[Toaster.NTamd64.10.0...16299]") + 1
    place = {"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}}
    hover = raw_client.request("textDocument/hover", place)
    completion = raw_client.request("textDocument/completion", place)
    found = summary(raw_client.diagnostics(uri, 1))
    assert found == expected_diagnostics(TOASTER, text, settings)
    assert ("IV1324", 1, 1) in found and found != expected_diagnostics(TOASTER, text)
    assert "Contoso Toaster" in raw_client.answer(hover)["result"]["contents"]["value"]
    items = raw_client.answer(completion)["result"]["items"]
    assert [item["label"] for item in items] == ["DiskName", "Provider", "Toaster.DeviceDesc"]
    status, errors = raw_client.close()
    assert status == 0
    assert raw_client.publications(uri, 1) == 1  # published by the bootstrap, taken over by the server
    assert settings_requests(raw_client) == 1  # the server does not ask again
    assert "unknown message id" not in errors


def test_settings_answered_with_an_error_are_left_to_the_server(raw_client):
    text = TOASTER.read_text()
    options = {"profile": "windows-driver"}
    raw_client.initialize({"workspace": {"configuration": True}}, options)
    uri = raw_client.open(TOASTER, text)
    request = settings_request(raw_client)
    error = {"code": -32603, "message": "no settings here"}
    raw_client.send({"jsonrpc": "2.0", "id": request["id"], "error": error})
    # The server warns, as it does when it asked itself, and checks with the settings it has.
    warning = raw_client.wait(lambda message: message.get("method") == "window/logMessage")
    assert "did not send its settings" in warning["params"]["message"]
    assert summary(raw_client.diagnostics(uri, 1)) == expected_diagnostics(TOASTER, text, options)
    status, errors = raw_client.close()
    assert status == 0
    assert raw_client.publications(uri, 1) == 1
    assert settings_requests(raw_client) == 1
    assert "unknown message id" not in errors


def test_a_request_sent_before_the_settings_hands_over_and_the_late_settings_still_apply(raw_client):
    text = TOASTER.read_text()
    raw_client.initialize({"workspace": {"configuration": True}})
    uri = raw_client.open(TOASTER, text)
    request = settings_request(raw_client)
    place = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}
    folding = raw_client.request("textDocument/foldingRange", {"textDocument": {"uri": uri}})
    assert raw_client.answer(folding)["result"]  # answered by the server while the settings are awaited
    settings = {"profile": "windows-driver"}
    raw_client.send({"jsonrpc": "2.0", "id": request["id"], "result": [settings]})
    expected = expected_diagnostics(TOASTER, text, settings)
    raw_client.wait(
        lambda message: (
            message.get("method") == "textDocument/publishDiagnostics"
            and summary(message["params"]["diagnostics"]) == expected
        )
    )
    assert raw_client.answer(raw_client.request("textDocument/hover", place))["id"] > folding
    status, errors = raw_client.close()
    assert status == 0
    assert settings_requests(raw_client) == 1
    assert "unknown message id" not in errors


def test_shutdown_and_exit_before_the_hand_over_are_answered(raw_client):
    raw_client.answer(raw_client.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}}))
    assert raw_client.answer(raw_client.request("shutdown", None)) == {"jsonrpc": "2.0", "id": 2, "result": None}
    raw_client.notify("exit", None)
    assert raw_client.process.wait(timeout=60) == 0
    assert raw_client.answers_to(1) == 1


def test_exit_as_the_first_message_ends_the_server_with_status_one(raw_client):
    raw_client.notify("exit", None)
    assert raw_client.process.wait(timeout=60) == 1


def test_framing_the_bootstrap_does_not_read_is_left_to_the_server(raw_client):
    header = b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
    params = {"processId": None, "rootUri": None, "capabilities": {}}
    number = raw_client.request("initialize", params, header)
    assert raw_client.answer(number)["result"]["capabilities"] == server_capabilities({})
    raw_client.notify("initialized", {})
    uri = raw_client.open(TOASTER)
    assert summary(raw_client.diagnostics(uri, 1)) == expected_diagnostics(TOASTER, TOASTER.read_text())
    assert raw_client.close()[0] == 0
    assert raw_client.answers_to(number) == 1


def test_a_request_before_initialize_is_left_to_the_server(raw_client):
    place = {"textDocument": {"uri": TOASTER.as_uri()}, "position": {"line": 0, "character": 0}}
    hover = raw_client.request("textDocument/hover", place)
    assert raw_client.answer(hover).get("result") is None
    assert raw_client.initialize()["result"]["capabilities"] == server_capabilities({})
    assert raw_client.close()[0] == 0


# -- in this process -------------------------------------------------------------------------------


def framed(*messages: Message) -> bytes:
    bodies = [json.dumps(message).encode() for message in messages]
    return b"".join(b"Content-Length: %d\r\n\r\n%s" % (len(body), body) for body in bodies)


def opening(path: Path, text: str) -> bytes:
    item = {"uri": path.as_uri(), "languageId": "inf", "version": 1, "text": text}
    return framed(
        {"jsonrpc": "2.0", "id": 7, "method": "initialize", "params": {"processId": None, "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}},
    )


def sent(output: bytes) -> list[Message]:
    messages = []
    while output:
        header, _, rest = output.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        messages.append(json.loads(rest[:length]))
        output = rest[length:]
    return messages


def test_the_bootstrap_reads_exactly_its_messages_and_leaves_the_rest():
    text = TOASTER.read_text()
    first = opening(TOASTER, text)
    later = framed({"jsonrpc": "2.0", "id": 8, "method": "shutdown"})
    stdin, stdout = io.BytesIO(first + later), io.BytesIO()
    hand_over = bootstrap.Bootstrap(stdin, stdout).run()
    assert hand_over.read == first
    assert stdin.read() == later  # not read: the server reads it
    answer, publication = sent(stdout.getvalue())
    assert answer["id"] == 7 and answer["result"] == hand_over.initialize_answer
    assert publication["method"] == "textDocument/publishDiagnostics"
    assert summary(publication["params"]["diagnostics"]) == expected_diagnostics(TOASTER, text)
    assert hand_over.first_check is not None and hand_over.first_check.analysis.version == 1


def test_the_bootstrap_hands_over_when_its_check_fails(monkeypatch):
    def crash(*args: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(bootstrap.InfChecker, "check", crash)
    first = opening(TOASTER, TOASTER.read_text())
    stdout = io.BytesIO()
    hand_over = bootstrap.Bootstrap(io.BytesIO(first), stdout).run()
    assert hand_over.read == first and hand_over.first_check is None
    assert [message.get("id") for message in sent(stdout.getvalue())] == [7]  # initialize only; nothing published


def test_the_server_reads_the_bootstrap_bytes_again_then_the_input():
    again = bootstrap.ReadAgain(b"Content-Length: 5\r\n\r\nab", io.BytesIO(b"cdeContent-Length: 2\r\n"))
    assert [again.readline(), again.readline(), again.read(5), again.readline()] == [
        b"Content-Length: 5\r\n",
        b"\r\n",
        b"abcde",
        b"Content-Length: 2\r\n",
    ]
    cut = bootstrap.ReadAgain(b"Content-Le", io.BytesIO(b"ngth: 2\r\n\r\n{}"))
    assert [cut.readline(), cut.readline(), cut.read(2), cut.read(1)] == [b"Content-Length: 2\r\n", b"\r\n", b"{}", b""]


def test_a_client_silent_about_its_settings_is_left_to_the_server_in_time(monkeypatch):
    monkeypatch.setattr(bootstrap, "SETTINGS_TIMEOUT_SECONDS", 0.2)
    capabilities = {"workspace": {"configuration": True}}
    item = {"uri": TOASTER.as_uri(), "languageId": "inf", "version": 1, "text": TOASTER.read_text()}
    first = framed(
        {
            "jsonrpc": "2.0",
            "id": 7,
            "method": "initialize",
            "params": {"processId": None, "capabilities": capabilities},
        },
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": item}},
    )
    reading, writing = os.pipe()
    with open(reading, "rb") as stdin, open(writing, "wb") as client:
        client.write(first)
        client.flush()
        stdout = io.BytesIO()
        hand_over = bootstrap.Bootstrap(stdin, stdout).run()
        request = sent(stdout.getvalue())[1]
        assert request["method"] == "workspace/configuration" and request["id"] == bootstrap.CONFIGURATION_REQUEST_ID
        assert hand_over.first_check is None and hand_over.read == first
        assert hand_over.configuration_request is not None
        assert hand_over.configuration_request.id == request["id"]
        assert hand_over.pending_read is not None and hand_over.pending_read.is_alive()
        # The answer comes late: the server reads it after what the bootstrap read, as the bootstrap read it.
        late = framed({"jsonrpc": "2.0", "id": request["id"], "result": [{"profile": "windows-driver"}]})
        later = framed({"jsonrpc": "2.0", "id": 8, "method": "shutdown"})
        client.write(late + later)
        client.flush()
        again = bootstrap.ReadAgain(hand_over.read, stdin, hand_over.pending_read)
        expected = first + late + later
        read = b""
        while len(read) < len(expected):
            line = again.readline()
            read += line
            if line == b"\r\n":
                length = int(read.rsplit(b"Content-Length: ", 1)[1].split(b"\r\n")[0])
                read += again.read(length)
        assert read == expected
