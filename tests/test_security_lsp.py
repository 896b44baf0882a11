"""The language server's security promises (SECURITY.md, issue 20), each tested against a real server process.

The server is driven over raw JSON-RPC rather than through a test client, so the
tests can send what a broken or hostile client would, and each server runs with
its address space capped, so a server that did read ``/dev/zero`` stops with an
error here instead of taking the machine's memory.
"""

from __future__ import annotations

import gzip
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from infcheck.files import MAX_FILE_BYTES, FileTooLarge, NotRegularFile
from infcheck.publish import package

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FEATURES = FIXTURES / "lsp" / "features.inf"
ADDRESS_SPACE_LIMIT = 3 << 30
ANSWER_SECONDS = 20

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT))


class RawServer:
    """A language server process and the messages it wrote, read on a thread as they come."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lsp_server"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=_limit_memory if sys.platform != "win32" else None,
        )
        self.received: queue.Queue[dict] = queue.Queue()
        self.seen: list[dict] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":")[1])
                elif header in (b"\r\n", b"\n"):
                    break
            self.received.put(json.loads(stream.read(length)))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params) -> dict:
        """Send a request and return the whole response (``result`` or ``error``)."""
        self._next_id += 1
        number = self._next_id
        self.send({"id": number, "method": method, "params": params})
        return self.wait_for(lambda message: message.get("id") == number and "method" not in message)

    def wait_for(self, wanted, seconds: float = ANSWER_SECONDS) -> dict:
        for message in self.seen:
            if wanted(message):
                self.seen.remove(message)
                return message
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the server did not send the expected message")
            try:
                message = self.received.get(timeout=left)
            except queue.Empty:
                continue
            if message.get("method") in ("workspace/configuration", "client/registerCapability") and "id" in message:
                self.send(
                    {"id": message["id"], "result": [None] if message["method"] == "workspace/configuration" else None}
                )
                continue
            if wanted(message):
                return message
            self.seen.append(message)

    def diagnostics_for(self, uri: str) -> list[dict]:
        return self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        )["params"]["diagnostics"]

    def shown(self, fragment: str) -> str:
        """The text of the first message shown to the user that holds ``fragment``."""
        return self.wait_for(lambda m: m.get("method") == "window/showMessage" and fragment in m["params"]["message"])[
            "params"
        ]["message"]

    def initialize(self, options: dict | None = None) -> dict:
        answer = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {},
                "initializationOptions": {"debounce": 0, **(options or {})},
            },
        )
        self.notify("initialized", {})
        return answer

    def open(self, uri: str, text: str, language: str = "inf") -> None:
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}
        )

    def exit_status(self, seconds: float = ANSWER_SECONDS) -> int:
        return self.process.wait(seconds)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def server():
    running = RawServer()
    yield running
    running.stop()


@pytest.fixture
def started(server: RawServer) -> RawServer:
    server.initialize()
    return server


def _hover(server: RawServer, uri: str, line: int, character: int) -> dict:
    return server.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
    )


SMALL_INF = '[Version]\r\nSignature = "$Windows NT$"\r\nClass = %Missing%\r\n'


# -- the language server reads regular files only, and at most 64 MiB of one ---------------------


@needs_fifo
def test_a_document_named_after_a_fifo_is_checked_without_reading_the_fifo(started: RawServer, tmp_path: Path):
    fifo = tmp_path / "pipe.inf"
    os.mkfifo(fifo)
    started.open(fifo.as_uri(), SMALL_INF)
    codes = [d["code"] for d in started.diagnostics_for(fifo.as_uri())]
    assert "INF201" in codes  # %Missing% is checked from the editor's text
    assert "pipe.inf is not a regular file" in started.shown("pipe.inf")
    # The server still answers, and a save (which looks at the disk again) does not block either.
    started.notify("textDocument/didSave", {"textDocument": {"uri": fifo.as_uri()}})
    assert "result" in _hover(started, fifo.as_uri(), 2, 10)


def test_documents_named_after_devices_are_not_read(started: RawServer):
    for uri in ("file:///dev/zero", "file:///dev/stdin", "file:///dev/urandom"):
        started.open(uri, SMALL_INF)
        assert started.diagnostics_for(uri) != []
        assert "result" in _hover(started, uri, 2, 10)
    assert started.process.poll() is None


def test_a_document_larger_than_the_limit_on_disk_is_not_read(started: RawServer, tmp_path: Path):
    huge = tmp_path / "huge.inf"
    with open(huge, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no room on disk
    started.open(huge.as_uri(), SMALL_INF)
    started.diagnostics_for(huge.as_uri())
    assert "huge.inf is larger than 64 MiB" in started.shown("huge.inf")


@needs_fifo
def test_a_hardware_ids_file_that_is_a_fifo_is_skipped(server: RawServer, tmp_path: Path):
    os.mkfifo(tmp_path / "pci.ids")
    server.initialize({"hwdataPath": [str(tmp_path), str(FIXTURES / "lsp" / "hwdata")]})
    text = FEATURES.read_bytes().decode("utf-16")
    uri = (tmp_path / "features.inf").as_uri()
    server.open(uri, text)
    server.diagnostics_for(uri)
    hover = _hover(server, uri, 16, 30)["result"]
    # The FIFO is passed over and the names come from the next folder.
    assert "vendor ID 8086 (Intel Corporation)" in hover["contents"]["value"]


def test_a_compressed_hardware_ids_file_is_not_unpacked_past_the_limit(tmp_path: Path, monkeypatch):
    from lsp_server import hardware_names

    (tmp_path / "pci.ids.gz").write_bytes(gzip.compress(b"8086  Intel Corporation\n" + b"#" * (2 << 20)))
    monkeypatch.setattr(hardware_names, "MAX_IDS_BYTES", 1 << 20)
    assert hardware_names.HardwareNames((str(tmp_path),)).pci_vendor("8086") is None
    monkeypatch.setattr(hardware_names, "MAX_IDS_BYTES", 4 << 20)
    assert hardware_names.HardwareNames((str(tmp_path),)).pci_vendor("8086") == "Intel Corporation"


@needs_fifo
def test_a_package_inf_that_becomes_a_fifo_is_refused(tmp_path: Path):
    fifo = tmp_path / "driver.inf"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile):
        package.read_package_inf(fifo)


def test_a_package_inf_larger_than_the_limit_is_refused(tmp_path: Path):
    huge = tmp_path / "driver.inf"
    with open(huge, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(FileTooLarge):
        package.read_package_inf(huge)


# -- memory stays bounded while a plan's INF is saved again and again ----------------------------------


def test_the_package_cache_keeps_one_summary_per_file(tmp_path: Path):
    package.forget_summaries()
    inf = tmp_path / "driver.inf"
    for save in range(25):
        inf.write_text(SMALL_INF + f"; save {save}\r\n" + " " * save)
        os.utime(inf, ns=(save * 1_000_000_000, save * 1_000_000_000))
        assert package.read_package_inf(inf).path == inf
    assert package.cached_summaries() == 1
    assert package.read_package_inf(inf) is package.read_package_inf(inf)


def test_the_package_cache_is_bounded(tmp_path: Path):
    package.forget_summaries()
    for number in range(package.MAX_CACHED_SUMMARIES + 20):
        inf = tmp_path / f"driver{number}.inf"
        inf.write_text(SMALL_INF)
        package.read_package_inf(inf)
    assert package.cached_summaries() == package.MAX_CACHED_SUMMARIES


# -- rename takes only names an INF file can hold ---------------------------------------------------


@pytest.mark.parametrize(
    "new_name", ["Vendor\x00", "Ven\tdor", "Ven\x0bdor", "Ven\u2028dor", "Ven\u2029dor", "Ven\x85dor", "Ven\ud800dor"]
)
def test_rename_refuses_control_characters_and_line_separators(started: RawServer, tmp_path: Path, new_name: str):
    text = FEATURES.read_bytes().decode("utf-16")
    uri = (tmp_path / "features.inf").as_uri()
    started.open(uri, text)
    started.diagnostics_for(uri)
    for line, character in ((8, 20), (18, 15)):  # a %token% and a section name
        answer = started.request(
            "textDocument/rename",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}, "newName": new_name},
        )
        assert answer["error"]["code"] == -32602
        assert "cannot be" in answer["error"]["message"]
        assert "U+" in answer["error"]["message"]


# -- the protocol: every request is answered, and exit says whether shutdown came first ------------


def test_a_request_whose_parameters_cannot_be_read_is_answered_with_invalid_params(started: RawServer):
    uri = "file:///tmp/never-saved.inf"
    started.open(uri, SMALL_INF)
    started.diagnostics_for(uri)
    answer = started.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}}
    )
    assert answer["error"]["code"] == -32602
    assert "textDocument/hover" in answer["error"]["message"]
    answer = started.request("textDocument/definition", {"textDocument": {"uri": uri}})
    assert answer["error"]["code"] == -32602
    assert "result" in _hover(started, uri, 2, 10)


def test_a_change_that_cannot_be_read_is_reported_and_the_next_save_resynchronises(started: RawServer):
    uri = "file:///tmp/never-saved.inf"
    started.open(uri, SMALL_INF)
    assert "INF201" in [d["code"] for d in started.diagnostics_for(uri)]
    bad_range = {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}
    started.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": bad_range, "text": "garbage"}],
        },
    )
    assert "never-saved.inf" in started.shown("could not be read")
    fixed = SMALL_INF.replace("%Missing%", "Net")
    started.notify("textDocument/didSave", {"textDocument": {"uri": uri}, "text": fixed})
    assert "INF201" not in [d["code"] for d in started.diagnostics_for(uri)]


def test_a_change_past_the_end_of_the_document_is_clamped(started: RawServer):
    uri = "file:///tmp/never-saved.inf"
    started.open(uri, SMALL_INF)
    assert "INF201" in [d["code"] for d in started.diagnostics_for(uri)]
    past_the_end = {"start": {"line": 99, "character": 5}, "end": {"line": 120, "character": 0}}
    started.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": past_the_end, "text": '[Strings]\r\nMissing = "x"\r\n'}],
        },
    )
    assert "INF201" not in [d["code"] for d in started.diagnostics_for(uri)]


def test_requests_after_shutdown_are_refused_and_exit_then_succeeds(started: RawServer):
    assert started.request("shutdown", None)["result"] is None
    answer = _hover(started, "file:///tmp/x.inf", 0, 0)
    assert answer["error"]["code"] == -32600
    started.notify("exit", None)
    assert started.exit_status() == 0


def test_exit_without_shutdown_exits_with_status_1(started: RawServer):
    started.notify("exit", None)
    assert started.exit_status() == 1


# -- what is shown to the user has its control characters escaped ----------------------------------


@needs_fifo
def test_file_names_in_messages_have_control_characters_escaped(started: RawServer, tmp_path: Path):
    fifo = tmp_path / "pi\x1b[31mpe\n.inf"
    os.mkfifo(fifo)
    started.open(fifo.as_uri(), SMALL_INF)
    message = started.shown("pi")
    assert "pi\\x1b[31mpe\\n.inf is not a regular file" in message
    assert "\x1b" not in message and "\n" not in message


@needs_fifo
def test_a_pipe_in_place_of_a_rule_page_is_neither_read_nor_written(tmp_path: Path):
    from lsp_server.diagnostics import RuleDocuments

    os.mkfifo(tmp_path / "INF201.md")
    pages = RuleDocuments(tmp_path)
    assert pages.uri_for("INF201") is None
    assert pages.uri_for("INF105") == (tmp_path / "INF105.md").as_uri()
    assert (tmp_path / "INF105.md").read_text(encoding="utf-8").startswith("# ")
