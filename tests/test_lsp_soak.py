"""Soak test of the language server: large documents, thousands of seeded random edits, hostile requests.

A scripted client opens generated INF files (bench/bench_lsp.py ``generate_inf``)
and sends random edits, some of them with positions that are not valid
UTF-16 positions of the text: past the end of a line, past the last line, in
the middle of a surrogate pair, or with the end before the start. It keeps its
own copy of the text, resolving such positions as the server documents it
does (a position past a line's end is the line's end; past the last line is
the end of the text; inside a character is that character's start; a reversed
range is swapped). Between edits it sends requests at random places, requests
and changes for documents that are not open, and closes and reopens a
document.

At every quiescent point (after the diagnostics of the latest version were
published) the published diagnostics must equal those of a fresh
``infcheck check`` of the client's text: same codes, messages and ranges.
The last point is compared with the real ``infcheck`` command. The server
must never log an internal error and must still answer at the end.

The default budget takes well under a minute. For a longer run:

    INFCHECK_SOAK_SCALE=10 INFCHECK_SOAK_SEED=7 python -m pytest tests/test_lsp_soak.py

``INFCHECK_SOAK_SCALE`` multiplies the number of edits; ``INFCHECK_SOAK_SEED``
picks another random sequence (the seed is printed in any failure).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from infcheck.config import ConfigResolver
from infcheck.runner import CheckOptions, check_data

REPOSITORY = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("INFCHECK_SOAK_SCALE", "1"))
SEED = int(os.environ.get("INFCHECK_SOAK_SEED", "20261128"))
BOM = b"\xff\xfe"

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]


def _generate_inf(target_lines: int) -> str:
    spec = importlib.util.spec_from_file_location("bench_lsp", REPOSITORY / "bench" / "bench_lsp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_inf(target_lines)


def _recording_client() -> LanguageClient:
    """A test client that keeps every publication by (uri, version): a publication can arrive
    while the client awaits something else, and must not be missed."""
    client = LanguageClient()
    client.publications = {}

    def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.publications[(params.uri, params.version)] = params.diagnostics

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        """Accept the server's dynamic registrations, as VS Code does."""

    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record,
            types.CLIENT_REGISTER_CAPABILITY: register,
        },
    )
    return client


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[sys.executable, "-m", "lsp_server"], client_factory=_recording_client),
)
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), initialization_options={"debounce": 150}
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


# -- the client's copy of the text ---------------------------------------------------------------

_BREAK = re.compile(r"\r\n|\r|\n")


class TextModel:
    """The text as the client sees it, with LSP positions resolved the way the server promises to."""

    def __init__(self, text: str):
        self.text = text
        self._refresh()

    def _refresh(self) -> None:
        self.starts = [0] + [match.end() for match in _BREAK.finditer(self.text)]

    def end_of(self, number: int) -> int:
        """Where line ``number``'s text ends, before its line break."""
        if number + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[number + 1]
        return end - 2 if self.text[end - 2 : end] == "\r\n" else end - 1

    def line(self, number: int) -> str:
        return self.text[self.starts[number] : self.end_of(number)]

    def offset(self, position: types.Position) -> int:
        if position.line >= len(self.starts):
            return len(self.text)
        units = 0
        start = self.starts[position.line]
        for index, character in enumerate(self.line(position.line)):
            width = 2 if ord(character) > 0xFFFF else 1
            if units + width > position.character:
                return start + index
            units += width
        return self.end_of(position.line)

    def apply(self, change) -> None:
        if isinstance(change, types.TextDocumentContentChangeWholeDocument):
            self.text = change.text
        else:
            start, end = self.offset(change.range.start), self.offset(change.range.end)
            start, end = min(start, end), max(start, end)
            self.text = self.text[:start] + change.text + self.text[end:]
        self._refresh()

    def utf16(self, line: int, column: int) -> types.Position:
        """A 1-based (line, character column) of infcheck as an LSP position."""
        prefix = self.text[self.starts[line - 1] : self.starts[line - 1] + column - 1]
        return types.Position(line - 1, len(prefix.encode("utf-16-le")) // 2)


_SNIPPETS = [
    "x",
    "%",
    "%%",
    "[",
    "]",
    ",",
    "=",
    '"',
    ";",
    "\\",
    "\r\n",
    "\n",
    "\r",
    "\\\r\n",
    " ",
    "\t",
    "😀",
    "é",
    "Ü😀ß",
    "𝄞𝄞",
    "%Dev00001.DeviceDesc%",
    "%Undefined%",
    "[Strings]\r\n",
    "[NewSection]\r\n",
    "FeatureScore = xF6\r\n",
    "FeatureScore = 0x80",
    "PCI\\VEN_8086&DEV_1234",
    ", USB\\VID_1234",
    "CopyFiles = Missing.Files\r\n",
    "; noqa: INF201",
    "; infcheck: disable-next-line PUB004\r\n",
    "DriverVer = 13/45/2026,1.0\r\n",
    "{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}",
    "[TargetComputers]\r\n",
]


def _units(line: str) -> int:
    return len(line.encode("utf-16-le")) // 2


def random_position(chance: random.Random, model: TextModel) -> types.Position:
    roll = chance.random()
    line_count = len(model.starts)
    if roll < 0.03:
        return types.Position(line_count + chance.randrange(0, 5), chance.randrange(0, 40))  # past the last line
    line = chance.randrange(line_count)
    text = model.line(line)
    width = _units(text)
    if roll < 0.10:
        return types.Position(line, width + chance.randrange(1, 200))  # past the end of the line
    if roll < 0.20:
        surrogates = [index for index in range(len(text)) if ord(text[index]) > 0xFFFF]
        if surrogates:
            inside = _units(text[: chance.choice(surrogates)]) + 1
            return types.Position(line, inside)  # between the two halves of a surrogate pair
    return types.Position(line, chance.randrange(width + 1))


def random_change(chance: random.Random, model: TextModel):
    roll = chance.random()
    if roll < 0.005:
        # Now and then the whole text, as a client that does not send increments would.
        cut = chance.randrange(len(model.text) + 1)
        return types.TextDocumentContentChangeWholeDocument(
            text=model.text[:cut] + chance.choice(_SNIPPETS) + model.text[cut:]
        )
    start = random_position(chance, model)
    if roll < 0.45:
        end = start  # an insertion
    elif roll < 0.85:
        end = types.Position(start.line, start.character + chance.randrange(1, 30))
    else:
        end = types.Position(start.line + chance.randrange(0, 4), chance.randrange(0, 60))
    if chance.random() < 0.1:
        start, end = end, start  # a reversed range
    text = "" if roll > 0.7 and chance.random() < 0.5 else chance.choice(_SNIPPETS)
    return types.TextDocumentContentChangePartial(range=types.Range(start, end), text=text)


# -- what the command line says -------------------------------------------------------------------------


def reference_diagnostics(model: TextModel, path: Path) -> list[tuple]:
    """What ``infcheck check`` reports for the model's text saved as the UTF-16 file ``path``."""
    data = BOM + model.text.encode("utf-16-le")
    _, found = check_data(data, str(path), path, ConfigResolver(), CheckOptions())
    return [
        _as_lsp(model, d.code, d.span.line, d.span.column, d.span.end_line, d.span.end_column, d.message) for d in found
    ]


def command_line_diagnostics(model: TextModel, path: Path) -> list[tuple]:
    """The same, from the real ``infcheck`` command on a copy of the text written to disk (without
    the package and repository rules, which judge the folder and never run in the editor)."""
    copy = path.with_name("copy-" + path.name)
    copy.write_bytes(BOM + model.text.encode("utf-16-le"))
    run = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", str(copy), "--format", "json", "-q", "--exit-zero"]
        + ["--ignore", "PKG,REPO", "--no-cache"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        _as_lsp(
            model, item["code"], item["line"], item["column"], item["end_line"], item["end_column"], item["message"]
        )
        for item in json.loads(run.stdout)
    ]


def _as_lsp(model: TextModel, code, line, column, end_line, end_column, message) -> tuple:
    start, end = model.utf16(line, column), model.utf16(end_line, end_column)
    return code, start.line, start.character, end.line, end.character, message


def from_server(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message)
        for d in diagnostics
    ]


async def published(client: LanguageClient, uri: str, version: int | None) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` at ``version``, waiting for them if need be."""
    for _ in range(6000):
        found = client.publications.pop((uri, version), None)
        if found is not None:
            return found
        await asyncio.sleep(0.01)
    raise TimeoutError(f"no diagnostics published for {uri} version {version} in 60 s")


def forget_publications(client: LanguageClient, uri: str) -> None:
    """Drop what was published for a document being closed: its versions start again when it reopens."""
    for key in [key for key in client.publications if key[0] == uri]:
        del client.publications[key]


# -- requests that must be answered without harm --------------------------------------------------------


async def random_request(client: LanguageClient, chance: random.Random, uri: str, model: TextModel) -> None:
    document = types.TextDocumentIdentifier(uri)
    position = random_position(chance, model)
    kind = chance.randrange(8)
    if kind == 0:
        await client.text_document_hover_async(types.HoverParams(document, position))
    elif kind == 1:
        await client.text_document_definition_async(types.DefinitionParams(document, position))
    elif kind == 2:
        await client.text_document_references_async(
            types.ReferenceParams(context=types.ReferenceContext(True), text_document=document, position=position)
        )
    elif kind == 3:
        await client.text_document_completion_async(types.CompletionParams(document, position))
    elif kind == 4:
        end = random_position(chance, model)
        await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=document,
                range=types.Range(position, end),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
    elif kind == 5:
        await client.text_document_folding_range_async(types.FoldingRangeParams(document))
    elif kind == 6:
        await client.text_document_prepare_rename_async(types.PrepareRenameParams(document, position))
    else:
        try:
            await client.text_document_rename_async(
                types.RenameParams(document, position, chance.choice(["Renamed", "a b"]))
            )
        except Exception as error:  # a rename the server refuses is an error answer, not a failure
            assert "cannot be a" in str(error) or "already" in str(error), error


async def requests_for_unknown_documents(client: LanguageClient, chance: random.Random) -> None:
    unknown = types.TextDocumentIdentifier(f"file:///nowhere/closed-{chance.randrange(1000)}.inf")
    position = types.Position(chance.randrange(100), chance.randrange(100))
    assert await client.text_document_hover_async(types.HoverParams(unknown, position)) is None
    assert await client.text_document_definition_async(types.DefinitionParams(unknown, position)) is None
    assert await client.text_document_completion_async(types.CompletionParams(unknown, position)) is None
    assert await client.text_document_document_symbol_async(types.DocumentSymbolParams(unknown)) is None
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=unknown.uri, version=7),
            [types.TextDocumentContentChangePartial(range=types.Range(position, position), text="x")],
        )
    )
    client.text_document_did_save(types.DidSaveTextDocumentParams(unknown, text="[Version]\r\n"))


# -- the session ----------------------------------------------------------------------------------------


async def soak(client: LanguageClient, path: Path, target_lines: int, edits: int, check_every: int, request_every: int):
    chance = random.Random(f"{SEED}-{target_lines}")
    model = TextModel(_generate_inf(target_lines))
    path.write_bytes(BOM + model.text.encode("utf-16-le"))
    uri = path.as_uri()
    version = 1
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "inf", version, model.text))
    )
    diagnostics = await published(client, uri, version)
    assert from_server(diagnostics) == reference_diagnostics(model, path)
    points = 1
    reopened = False
    for number in range(1, edits + 1):
        changes = [random_change(chance, model) for _ in range(1 if chance.random() < 0.8 else chance.randrange(2, 4))]
        for one in changes:
            model.apply(one)
        version += 1
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version), changes)
        )
        if number % request_every == 0:
            await random_request(client, chance, uri, model)
            await requests_for_unknown_documents(client, chance)
        just_reopened = not reopened and number >= edits // 2
        if just_reopened:
            # Close, send a change to the closed document, and open it again with the client's text.
            reopened = True
            forget_publications(client, uri)
            client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
            assert list(await published(client, uri, None)) == []
            client.text_document_did_change(
                types.DidChangeTextDocumentParams(
                    types.VersionedTextDocumentIdentifier(uri=uri, version=version + 1),
                    [types.TextDocumentContentChangeWholeDocument(text="garbage")],
                )
            )
            version = 1
            forget_publications(client, uri)
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "inf", version, model.text))
            )
            diagnostics = await published(client, uri, version)
        if number % check_every == 0 or number == edits:
            if not just_reopened:
                diagnostics = await published(client, uri, version)
            expected = reference_diagnostics(model, path)
            assert from_server(diagnostics) == expected, f"seed {SEED}, {path.name}, after edit {number}"
            points += 1
    assert from_server(diagnostics) == command_line_diagnostics(model, path)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await published(client, uri, None)
    return points, len(diagnostics)


async def test_soak_random_edits_keep_diagnostics_equal_to_the_command_line(client: LanguageClient, tmp_path: Path):
    started = time.perf_counter()
    medium = await soak(client, tmp_path / "medium.inf", 5_000, int(1500 * SCALE), check_every=100, request_every=50)
    middle = time.perf_counter()
    large = await soak(client, tmp_path / "large.inf", 25_000, int(300 * SCALE), check_every=60, request_every=75)
    print(
        f"soak: {medium[0]} + {large[0]} quiescent points, {middle - started:.1f} s + {time.perf_counter() - middle:.1f} s"
    )
    # The opening, every check_every-th edit and the last edit are quiescent points.
    assert medium[0] == 1 + -(-int(1500 * SCALE) // 100) and large[0] == 1 + -(-int(300 * SCALE) // 60)
    errors = [
        message.message
        for message in [*client.log_messages, *client.messages]
        if message.type == types.MessageType.Error
    ]
    assert errors == []
    # Still alive and answering.
    assert (
        await client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier("file:///nowhere/x.inf"), types.Position(0, 0))
        )
        is None
    )
