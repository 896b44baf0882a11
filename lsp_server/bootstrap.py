"""The language server's first moments, before pygls and the protocol's types are loaded.

Loading them takes longer than checking a small file (lsprotocol builds some 570 classes
as it is imported), and an editor opening a file waits for its first diagnostics. So the
bootstrap reads the first messages itself, with the same framing on the same input: it
answers ``initialize`` with the capabilities the server would answer (kept in
:mod:`lsp_server.capabilities_data`, written from the server itself; a test fails when they
differ), and when the client then opens an INF file it checks it and publishes its
diagnostics. Then the server is loaded and takes over the stream. Every message the
bootstrap read is given to the server again, in order, as if just received, so its state
(client capabilities, workspace, settings, open documents) is what it would have been
without the bootstrap; the server sends no second answer to ``initialize``, and takes over
the bootstrap's check of the document rather than checking it again.

A client that sends its settings only when asked (``workspace/configuration``, as VS Code
does) is asked here once ``initialized`` comes, with the request the server would send, and the
bootstrap waits for the answer as long as the server would, keeping a ``didOpen`` that comes
first. The first document is checked with the settings the client answered. The server takes
the answer as its own: it applies the settings from the start and does not ask again. When the
bootstrap stops before the answer came, the server waits for it in place of its own request
(pygls is told of the bootstrap's request id, so the answer reaches it as an answer to it).

Anything else (another request or notification, such as the settings VS Code pushes before it
answers, an error answered to the settings request, a file that is not a plain INF on disk,
framing not read exactly as the server reads it, the end of the input) ends the bootstrap at once: the server reads the message in question as the next
one and answers it as it always does.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from typing import Any, BinaryIO, NamedTuple

from infcheck import __version__
from infcheck.edk2 import edk2_module_reason
from infcheck.engine import is_internal_error
from lsp_server.capabilities_data import CAPABILITIES
from lsp_server.checking import Analysis, InfChecker, config_path, is_plan
from lsp_server.diagnostics import RuleDocuments, publication_json
from lsp_server.documents import OpenDocument
from lsp_server.positions import UTF8, UTF16, UTF32, LineMap
from lsp_server.settings import ClientSettings, WorkspaceRules, settings_from

logger = logging.getLogger("infcheck.lsp")

# The header pygls reads (io_.run_async), exactly; any other header line ends the bootstrap.
_CONTENT_LENGTH = re.compile(rb"Content-Length: (\d+)\r\n")
_ENCODINGS = (UTF8, UTF16, UTF32)  # the position encodings pygls agrees to, in no order
# The id of the bootstrap's request for the client's settings: pygls's own ids are UUIDs, never this.
CONFIGURATION_REQUEST_ID = "infcheck-bootstrap-configuration"
SETTINGS_TIMEOUT_SECONDS = 5.0  # how long documents opened at start-up wait for the client's settings


class FirstCheck(NamedTuple):
    """The check of the first document, published by the bootstrap, for the server to take over."""

    uri: str
    document: OpenDocument
    checker: InfChecker
    analysis: Analysis
    settings: ClientSettings
    position_encoding: str


class ConfigurationRequest(NamedTuple):
    """The bootstrap's request for the client's settings: the server takes its answer as its own."""

    id: str
    deadline: float  # time.monotonic() when the server stops waiting for the answer
    answer: list[Any] | None = None  # the settings the client sent, when they came before the hand-over


class HandOver(NamedTuple):
    """What the bootstrap read and did, for the server that takes over."""

    read: bytearray  # every byte read from the input, for the server to read again first
    initialize_id: int | str | None  # the initialize request already answered, if any
    initialize_answer: dict[str, Any] | None
    first_check: FirstCheck | None
    workspace_rules: WorkspaceRules
    rule_documents: RuleDocuments
    configuration_request: ConfigurationRequest | None = None
    # A message still being read into ``read`` when the bootstrap stopped waiting for it.
    pending_read: threading.Thread | None = None


class _Over(Exception):
    """The bootstrap has done what it can: the server takes over from here."""


def is_message_id(value: Any) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def initialize_answer(params: Any) -> dict[str, Any] | None:
    """The result the server answers ``initialize`` with, or ``None`` when the client's
    capabilities are not of a form whose answer is known here."""
    if not isinstance(params, dict) or not isinstance(params.get("capabilities"), dict):
        return None
    capabilities = params["capabilities"]
    general = capabilities.get("general", {})
    encodings = general.get("positionEncodings", []) if isinstance(general, dict) else None
    text_document = capabilities.get("textDocument", {})
    rename = text_document.get("rename", {}) if isinstance(text_document, dict) else None
    prepare = rename.get("prepareSupport", False) if isinstance(rename, dict) else None
    if not isinstance(encodings, list) or not all(isinstance(name, str) for name in encodings):
        return None
    synchronization = text_document.get("synchronization", {}) if isinstance(text_document, dict) else None
    if not isinstance(prepare, bool) or not isinstance(synchronization, dict):
        return None
    # pygls says "no" to willSave and willSaveWaitUntil (the server asks for neither) to a client
    # that says either way whether it would send them, and nothing to one that does not say.
    refused = {name: False for name in ("willSave", "willSaveWaitUntil") if synchronization.get(name) is not None}
    if not all(isinstance(synchronization[name], bool) for name in refused):
        return None
    # pygls takes the first encoding the client offers that it knows, else UTF-16.
    encoding = next((name for name in encodings if name in _ENCODINGS), UTF16)
    answer = {"positionEncoding": encoding, **CAPABILITIES["rename with prepare" if prepare else "rename"]}
    if refused:
        answer["textDocumentSync"] = {**answer["textDocumentSync"], **refused}
    return {"capabilities": answer, "serverInfo": {"name": "infcheck", "version": __version__}}


def asks_for_settings(params: dict[str, Any]) -> bool:
    """Whether the client answers ``workspace/configuration``: the server then checks only once it has."""
    workspace = params["capabilities"].get("workspace")
    return bool(isinstance(workspace, dict) and workspace.get("configuration"))


class Bootstrap:
    """Reads and answers the first messages; :meth:`run` returns what the server takes over."""

    def __init__(self, stdin: BinaryIO, stdout: BinaryIO):
        self._stdin = stdin
        self._stdout = stdout
        self._read = bytearray()
        self._initialize_id: int | str | None = None
        self._initialize_answer: dict[str, Any] | None = None
        self._first_check: FirstCheck | None = None
        self._workspace_rules = WorkspaceRules()
        self._rule_documents = RuleDocuments()
        self._configuration_request: ConfigurationRequest | None = None
        self._pending_read: threading.Thread | None = None

    def run(self) -> HandOver:
        try:
            self._answer_first_messages()
        except _Over:
            pass
        except Exception:  # a bug here must not stop the server: it takes over and does it all itself
            logger.exception("the bootstrap failed; the server carries on without its check")
            self._first_check = None
        return HandOver(
            self._read,
            self._initialize_id,
            self._initialize_answer,
            self._first_check,
            self._workspace_rules,
            self._rule_documents,
            self._configuration_request,
            self._pending_read,
        )

    def _answer_first_messages(self) -> None:
        message = self._next_message()
        params = message.get("params")
        answer = initialize_answer(params)
        if message.get("method") != "initialize" or not is_message_id(message.get("id")) or answer is None:
            raise _Over
        self._send({"jsonrpc": "2.0", "id": message["id"], "result": answer})
        self._initialize_id, self._initialize_answer = message["id"], answer
        settings = settings_from(params.get("initializationOptions")) or ClientSettings()
        if self._next_message().get("method") != "initialized":
            raise _Over
        opened = None
        if asks_for_settings(params):
            settings, opened = self._pull_settings(settings)
        message = opened or self._next_message()
        if message.get("method") != "textDocument/didOpen" or "id" in message:
            raise _Over
        self._check_first(message.get("params"), settings, answer["capabilities"]["positionEncoding"])

    def _pull_settings(self, settings: ClientSettings) -> tuple[ClientSettings, dict[str, Any] | None]:
        """Ask for the client's settings as the server does once initialized, and wait for them as
        long as it would; also the first document, when it is opened before they come."""
        self._send(
            {
                "jsonrpc": "2.0",
                "id": CONFIGURATION_REQUEST_ID,
                "method": "workspace/configuration",
                "params": {"items": [{"section": "infcheck"}]},
            }
        )
        deadline = time.monotonic() + SETTINGS_TIMEOUT_SECONDS
        self._configuration_request = ConfigurationRequest(CONFIGURATION_REQUEST_ID, deadline)
        opened = None
        while True:
            message = self._next_message_before(deadline)
            if message.get("id") == CONFIGURATION_REQUEST_ID and "method" not in message:
                break
            if opened is None and message.get("method") == "textDocument/didOpen" and "id" not in message:
                opened = message
                continue
            raise _Over
        # An error, or an answer pygls would not read, is left to the server to deal with.
        answer = message.get("result")
        if "error" in message or not isinstance(answer, list):
            raise _Over
        self._configuration_request = self._configuration_request._replace(answer=answer)
        return settings_from(answer[0] if answer else None) or settings, opened

    def _next_message_before(self, deadline: float) -> dict[str, Any]:
        """The next message, or ``_Over`` when it has not come by ``deadline``: it is then read for
        the server, which waits for it before it reads on."""
        read: list[dict[str, Any] | BaseException] = []

        def next_message() -> None:
            try:
                read.append(self._next_message())
            except BaseException as error:
                read.append(error)

        reading = threading.Thread(target=next_message, name="infcheck-bootstrap-read", daemon=True)
        reading.start()
        reading.join(max(0.0, deadline - time.monotonic()))
        if reading.is_alive():
            self._pending_read = reading
            raise _Over
        if isinstance(read[0], BaseException):
            raise read[0]
        return read[0]

    def _check_first(self, params: Any, settings: ClientSettings, encoding: str) -> None:
        item = params.get("textDocument") if isinstance(params, dict) else None
        if not isinstance(item, dict):
            raise _Over
        uri, text, version, language = (item.get(key) for key in ("uri", "text", "version", "languageId"))
        if not (isinstance(uri, str) and isinstance(text, str) and isinstance(language, str)):
            raise _Over
        if not isinstance(version, int) or isinstance(version, bool):
            raise _Over
        document = OpenDocument(uri, text, version, language)
        # What the server does differently for these (tell the user, skip the file) is left to it.
        if document.path is None or document.refused is not None or is_plan(document):
            raise _Over
        if edk2_module_reason(text) is not None:
            raise _Over
        choice = self._workspace_rules.rules_for(config_path(document, None), settings)
        if choice.problems:
            raise _Over
        checker = InfChecker(document)
        document.mark_checked()
        analysis = checker.check(document.state(), choice.rules)
        if any(is_internal_error(diagnostic) for diagnostic in analysis.diagnostics):
            raise _Over
        lines = LineMap(analysis.text, analysis.line_starts, encoding)
        self._send_text(publication_json(uri, version, analysis.diagnostics, lines, self._rule_documents))
        self._first_check = FirstCheck(uri, document, checker, analysis, settings, encoding)

    def _next_message(self) -> dict[str, Any]:
        """The next message, read exactly as far as it goes; ``_Over`` for anything not read as pygls reads it."""
        header = self._line()
        match = _CONTENT_LENGTH.fullmatch(header)
        if match is None or self._line() != b"\r\n":
            raise _Over
        length = int(match.group(1))
        body = self._stdin.read(length)
        self._read += body
        if len(body) != length:
            raise _Over
        try:
            message = json.loads(body)
        except ValueError:
            raise _Over from None
        if not isinstance(message, dict):
            raise _Over
        return message

    def _line(self) -> bytes:
        line = self._stdin.readline()
        self._read += line
        return line

    def _send(self, message: dict[str, Any]) -> None:
        self._send_text(json.dumps(message))

    def _send_text(self, body: str) -> None:
        data = body.encode("utf-8")
        self._stdout.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
        self._stdout.flush()


class ReadAgain:
    """The input as the server reads it: first the bytes the bootstrap read, then the rest.

    ``pending`` is the bootstrap's reading of a message it stopped waiting for: its bytes are
    added to ``read`` as they come, so it is waited for before anything past them is read."""

    def __init__(self, read: bytes | bytearray, rest: BinaryIO, pending: threading.Thread | None = None):
        self._read = read
        self._at = 0
        self._rest = rest
        self._pending = pending

    def _wait_for_bootstrap(self) -> None:
        if self._pending is not None:
            self._pending.join()
            self._pending = None

    def readline(self) -> bytes:
        if self._read.find(b"\n", self._at) < 0:
            self._wait_for_bootstrap()
        if self._at >= len(self._read):
            return self._rest.readline()
        end = self._read.find(b"\n", self._at)
        if end < 0:  # the bootstrap stopped inside a line: the rest of it follows in the input
            line = bytes(self._read[self._at :])
            self._at = len(self._read)
            return line + self._rest.readline()
        line = bytes(self._read[self._at : end + 1])
        self._at = end + 1
        return line

    def read(self, size: int) -> bytes:
        if self._at + size > len(self._read):
            self._wait_for_bootstrap()
        if self._at >= len(self._read):
            return self._rest.read(size)
        part = bytes(self._read[self._at : self._at + size])
        self._at += len(part)
        if len(part) < size:
            part += self._rest.read(size - len(part))
        return part
