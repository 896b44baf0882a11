"""The first diagnostics of a document opened at start-up already use the client's settings.

A client that answers ``workspace/configuration`` (as VS Code does) is asked for
its settings once initialized; a document it opens straight away must not be
checked first with the default rules and then again.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from infcheck.decode import decode

DEMO = Path(__file__).resolve().parent / "fixtures" / "demo" / "fabrikam_audio.inf"
SETTINGS = {"select": ["PUB", "INF"], "ignore": ["PUB004"]}

pytestmark = pytest.mark.asyncio(loop_scope="module")


def make_client() -> LanguageClient:
    client = LanguageClient()
    client.publications = []

    def configuration(client: LanguageClient, params: types.ConfigurationParams):
        return [SETTINGS for _ in params.items]

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        pass  # accepted, as VS Code accepts the server's request to watch configuration files

    def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.publications.append((params.uri, params.version, params.diagnostics))

    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.WORKSPACE_CONFIGURATION: configuration,
            types.CLIENT_REGISTER_CAPABILITY: register,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record,
        },
    )
    return client


@pytest_lsp.fixture(
    scope="module", config=ClientServerConfig([sys.executable, "-m", "lsp_server"], client_factory=make_client)
)
async def client(lsp_client: LanguageClient):
    yield


async def test_a_document_opened_at_once_is_first_checked_with_the_clients_settings(client: LanguageClient):
    await client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))
    uri = DEMO.as_uri()
    text = decode(DEMO.read_bytes())[0]
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "inf", 1, text)))
    for _ in range(3000):
        if client.publications:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.5)  # a second, corrected publication would arrive well within this
    expected = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "infcheck",
                "check",
                "--format",
                "json",
                "--select",
                "PUB,INF",
                "--ignore",
                "PUB004",
                str(DEMO),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    )
    assert [(u, version) for u, version, _ in client.publications] == [(uri, 1)]
    first = client.publications[0][2]
    assert [(d.code, d.range.start.line + 1, d.range.start.character + 1) for d in first] == [
        (item["code"], item["line"], item["column"]) for item in expected
    ]
    assert "PUB004" not in {d.code for d in first}
    await client.shutdown_session()
