"""End-to-end tests of the language server: a real server process over stdio, driven by pytest-lsp.

Positions in requests and answers are LSP positions: 0-based lines and UTF-16
code units. tests/fixtures/lsp/features.inf is UTF-16 LE with a character
outside the Basic Multilingual Plane on its 19th line (line 18 to LSP), so
UTF-16 columns and character columns differ there.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from infcheck.decode import decode

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lsp"
FEATURES = FIXTURES / "features.inf"
FEATURES_URI = FEATURES.as_uri()
PLAN_FOLDER = Path(__file__).resolve().parent / "fixtures" / "plan" / "mistakes"


def _generate_inf():
    # Loaded from its file, not through sys.path: bench/ holds a fuzz.py that tests/fuzz must not meet.
    path = Path(__file__).resolve().parent.parent / "bench" / "bench_lsp.py"
    spec = importlib.util.spec_from_file_location("bench_lsp", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_inf


pytestmark = pytest.mark.asyncio(loop_scope="module")


def make_client() -> LanguageClient:
    """pytest-lsp's test client, which also accepts dynamic registrations (as VS Code does) and keeps
    each publication by (uri, version), so none is missed while the test awaits something else."""
    client = LanguageClient()
    client.registrations = []
    client.publications = {}

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)

    def record(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.publications[(params.uri, params.version)] = params.diagnostics

    register_lsp_features(
        client,
        {
            **DEFAULT_CLIENT_FEATURES,
            types.CLIENT_REGISTER_CAPABILITY: register,
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: record,
        },
    )
    return client


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "lsp_server"], client_factory=make_client)


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        initialization_options={"debounce": 50, "hwdataPath": [str(FIXTURES / "hwdata")]},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


# -- helpers ------------------------------------------------------------------------------------


def features_text() -> str:
    return decode(FEATURES.read_bytes())[0]


async def published(client: LanguageClient, uri: str, version: int | None) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` at ``version`` (taken, so the next wait needs a new publication)."""
    for _ in range(3000):
        found = client.publications.pop((uri, version), None)
        if found is not None:
            return list(found)
        await asyncio.sleep(0.01)
    raise TimeoutError(f"no diagnostics published for {uri} version {version} in 30 s")


def forget_publications(client: LanguageClient, uri: str) -> None:
    for key in [key for key in client.publications if key[0] == uri]:
        del client.publications[key]


async def open_document(client: LanguageClient, uri: str, text: str, version: int = 1) -> list[types.Diagnostic]:
    forget_publications(client, uri)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "inf", version, text)))
    return await published(client, uri, version)


async def close_document(client: LanguageClient, uri: str) -> None:
    forget_publications(client, uri)
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await published(client, uri, None)


def change(uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str):
    return types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        [types.TextDocumentContentChangePartial(range=rng(*start, *end), text=text)],
    )


def rng(line: int, character: int, end_line: int, end_character: int) -> types.Range:
    return types.Range(types.Position(line, character), types.Position(end_line, end_character))


def summary(diagnostics: list[types.Diagnostic]) -> list[tuple]:
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    ]


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions) to ``text``, as an editor would."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return before + index
            units += 2 if ord(character) > 0xFFFF else 1
        return before + len(line.rstrip("\r\n"))

    located = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in located:
        text = text[:start] + new_text + text[end:]
    return text


def cli_json(path: Path, *arguments: str) -> list[dict]:
    run = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", str(path), "--format", "json", "-q", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(run.stdout)


def utf16_column(line_text: str, column: int) -> int:
    """A 1-based character column as a 0-based UTF-16 column."""
    return len(line_text[: column - 1].encode("utf-16-le")) // 2


def as_lsp(found: list[dict], text: str) -> list[tuple]:
    lines = text.splitlines()
    return [
        (
            item["code"],
            item["line"] - 1,
            utf16_column(lines[item["line"] - 1], item["column"]),
            item["end_line"] - 1,
            utf16_column(lines[item["end_line"] - 1], item["end_column"]),
            item["message"],
        )
        for item in found
    ]


# -- diagnostics ----------------------------------------------------------------------------------


async def test_diagnostics_on_open_have_code_link_severity_and_utf16_ranges(client: LanguageClient):
    diagnostics = await open_document(client, FEATURES_URI, features_text())
    assert summary(diagnostics) == [
        ("PUB004", 18, 25, 18, 46),  # after "Gerät 😀": the emoji is two UTF-16 units
        ("TGT006", 24, 15, 24, 18),
        ("INF201", 40, 18, 40, 27),
    ]
    first = diagnostics[0]
    assert first.severity == types.DiagnosticSeverity.Error
    assert first.source == "infcheck"
    assert first.message == (
        "hardware ID 'PCI\\VEN_8086&DEV_1539' names only vendor and device; add SUBSYS_ (or REV_) so it matches this product only"
    )
    href = first.code_description.href
    assert href.startswith("file://") and href.endswith("/PUB004.md")
    assert (
        Path(href[len("file://") :])
        .read_text(encoding="utf-8")
        .startswith("# PUB004 two-part-hwid (default level: error)")
    )
    # The command line reports the same problems at the same places.
    cli = as_lsp(cli_json(FEATURES), features_text())
    assert [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message)
        for d in diagnostics
    ] == cli
    await close_document(client, FEATURES_URI)


async def test_changes_are_checked_after_a_pause_and_published_for_their_version(
    client: LanguageClient, tmp_path: Path
):
    path = tmp_path / "changes.inf"
    path.write_bytes(FEATURES.read_bytes())
    uri = path.as_uri()
    text = features_text()
    await open_document(client, uri, text)
    # Two quick edits, checked once: xF6 -> 0xF6 fixes TGT006.
    client.text_document_did_change(change(uri, 2, (24, 15), (24, 15), "0"))
    client.text_document_did_change(change(uri, 3, (24, 16), (24, 19), "xF6"))
    diagnostics = await published(client, uri, 3)
    assert summary(diagnostics) == [("PUB004", 18, 25, 18, 46), ("INF201", 40, 18, 40, 27)]
    # An edit given in UTF-16 units after the emoji: insert &SUBSYS_00011234 after the ID.
    client.text_document_did_change(change(uri, 4, (18, 46), (18, 46), "&SUBSYS_00011234"))
    diagnostics = await published(client, uri, 4)
    assert summary(diagnostics) == [("INF201", 40, 18, 40, 27)]
    # A save sends the whole text: the server takes it and checks it at once.
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri), text=text))
    diagnostics = await published(client, uri, 4)
    assert [d.code for d in diagnostics] == ["PUB004", "TGT006", "INF201"]
    await close_document(client, uri)


async def test_client_settings_select_and_ignore(client: LanguageClient):
    uri = FEATURES_URI
    await open_document(client, uri, features_text())
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"infcheck": {"ignore": ["PUB"], "select": []}})
    )
    assert [d.code for d in await published(client, uri, 1)] == ["TGT006", "INF201"]
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"infcheck": {"select": ["undefined-string-token"]}})
    )
    assert [d.code for d in await published(client, uri, 1)] == ["INF201"]
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"infcheck": {}}))
    assert [d.code for d in await published(client, uri, 1)] == ["PUB004", "TGT006", "INF201"]
    await close_document(client, uri)


async def test_workspace_configuration_file_applies(client: LanguageClient, tmp_path: Path):
    (tmp_path / "infcheck.toml").write_text('ignore = ["TGT006"]\n[rules.PUB004]\nseverity = "warning"\n')
    path = tmp_path / "driver.inf"
    path.write_bytes(FEATURES.read_bytes())
    diagnostics = await open_document(client, path.as_uri(), features_text())
    assert [(d.code, d.severity) for d in diagnostics] == [
        ("PUB004", types.DiagnosticSeverity.Warning),
        ("INF201", types.DiagnosticSeverity.Error),
    ]
    cli = as_lsp(cli_json(path), features_text())
    assert [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message)
        for d in diagnostics
    ] == cli
    # The server asked to hear about configuration files; when one changes, open files are checked again.
    [registration] = client.registrations
    assert (
        registration.register_options["watchers"][0]["globPattern"]
        == "**/{.infcheck.toml,infcheck.toml,pyproject.toml}"
    )
    (tmp_path / "infcheck.toml").write_text('ignore = ["INF201"]\n')
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=(tmp_path / "infcheck.toml").as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    assert [(d.code, d.severity) for d in await published(client, path.as_uri(), 1)] == [
        ("PUB004", types.DiagnosticSeverity.Error),
        ("TGT006", types.DiagnosticSeverity.Error),
    ]
    await close_document(client, path.as_uri())


async def test_plan_files_get_diagnostics(client: LanguageClient):
    plan = PLAN_FOLDER / "publish.toml"
    text = plan.read_text(encoding="utf-8")
    diagnostics = await open_document(client, plan.as_uri(), text)
    cli = as_lsp(cli_json(plan), text)
    assert len(cli) >= 3
    assert [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message)
        for d in diagnostics
    ] == cli
    first = diagnostics[0]
    found = await hover_at(client, plan.as_uri(), first.range.start.line, first.range.start.character)
    assert found.range == first.range
    assert found.contents.value.startswith(f"- **{first.code}** ")
    actions = await actions_at(
        client, plan.as_uri(), first.range.start.line, first.range.start.character, first.range.start.character
    )
    silence = next(action for action in actions if action.title.startswith(f"Silence {first.code}"))
    line = text.splitlines()[first.range.start.line]
    assert edits_of(silence) == [
        (rng(first.range.start.line, len(line), first.range.start.line, len(line)), f"  # noqa: {first.code}")
    ]
    await close_document(client, plan.as_uri())


# -- hover ------------------------------------------------------------------------------------------


async def hover_at(client: LanguageClient, uri: str, line: int, character: int) -> types.Hover | None:
    return await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def features(client: LanguageClient):
    """features.inf, open for the tests that only read it."""
    await open_document(client, FEATURES_URI, features_text())
    yield FEATURES_URI
    await close_document(client, FEATURES_URI)


async def test_hover_takes_a_hardware_id_apart_with_names_from_the_ids_files(client, features):
    found = await hover_at(client, features, 16, 30)
    assert found.range == rng(16, 24, 16, 61)


async def test_hovers_are_answered_while_a_big_file_is_checked(client, features, tmp_path: Path):
    big = (tmp_path / "bignet.inf").as_uri()
    text = _generate_inf()(12_000)
    forget_publications(client, big)
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(big, "inf", 1, text)))
    # The check of the big file takes a good part of a second; the hover on the other file does not wait for it.
    found = await hover_at(client, features, 16, 30)
    assert found.range == rng(16, 24, 16, 61)
    assert (big, 1) not in client.publications
    diagnostics = await published(client, big, 1)
    assert {d.code for d in diagnostics} >= {"INF201"}

    # The outline asked for right behind a change is that of the changed text (an outline being built
    # when the change's check starts makes way for it and is built again).
    def whole(version: int, new_text: str) -> types.DidChangeTextDocumentParams:
        return types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=big, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=new_text)],
        )

    client.text_document_did_change(whole(2, text + "\r\n[Extra.Section]\r\n"))
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(big))
    )
    assert symbols[-1].name == "Extra.Section" and symbols[0].name == "Version"
    # Two changes, the first replaced by the second before its check: the second's diagnostics come, for its version.
    client.text_document_did_change(whole(3, text.replace("; Copyright", "; Copyleft", 1)))
    client.text_document_did_change(whole(4, text))
    assert summary(await published(client, big, 4)) == summary(diagnostics)
    await close_document(client, big)


async def test_malformed_messages_are_refused_and_the_document_is_left_alone(client, features):
    # Negative and non-numeric positions cannot be read at all: the change is dropped. The raw
    # messages go past the test client's own checks, as a broken client's would.
    bad_range = {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": "x"}}
    client.protocol._send_data(
        {
            "jsonrpc": "2.0",
            "method": types.TEXT_DOCUMENT_DID_CHANGE,
            "params": {
                "textDocument": {"uri": features, "version": 99},
                "contentChanges": [{"range": bad_range, "text": "garbage"}],
            },
        }
    )
    client.protocol._send_data({"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_DID_OPEN, "params": {"oops": 1}})
    client.protocol._send_data({"jsonrpc": "2.0", "method": "infcheck/unknownNotification", "params": None})
    found = await hover_at(client, features, 16, 30)
    assert found.range == rng(16, 24, 16, 61)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(features))
    )
    assert symbols[0].range == rng(4, 0, 10, 32)
    assert found.contents.value == "\n".join(
        [
            "**PCI\\VEN_8086&DEV_1533&SUBSYS_00018086** (hardware ID)",
            "",
            "- bus enumerator `PCI`",
            "- `VEN_8086`: vendor ID 8086 (Intel Corporation)",
            "- `DEV_1533`: device ID 1533 (I210 Gigabit Network Connection)",
            "- `SUBSYS_00018086`: subsystem ID and subsystem vendor ID 00018086 (Ethernet Server Adapter I210-T1; subsystem vendor Intel Corporation)",
        ]
    )
    found = await hover_at(client, features, 17, 30)
    assert found.range == rng(17, 24, 17, 45)
    assert found.contents.value == "\n".join(
        [
            "**USB\\VID_046D&PID_C52B** (hardware ID)",
            "",
            "- bus enumerator `USB`",
            "- `VID_046D`: vendor ID 046D (Logitech, Inc.)",
            "- `PID_C52B`: product ID C52B (Unifying Receiver)",
        ]
    )


async def test_hover_on_a_token_a_directive_a_section_and_a_diagnostic(client, features):
    token = await hover_at(client, features, 8, 18)
    assert token.range == rng(8, 14, 8, 28)
    assert token.contents.value == "`%ProviderName%` = `Contoso`  \n(defined in [Strings] line 47)"
    directive = await hover_at(client, features, 21, 3)
    assert directive.range == rng(21, 0, 21, 9)
    assert directive.contents.value == (
        "**CopyFiles**: Copies files: names the file-list sections to copy (or @file for a single file)."
    )
    section = await hover_at(client, features, 29, 4)
    assert section.range == rng(29, 1, 29, 11)
    assert section.contents.value == (
        "**[NicService]**: Describes a service an AddService line installs.  \nDefined on line 30 with 5 line(s)."
    )
    problem = await hover_at(client, features, 24, 16)
    assert problem.range == rng(24, 15, 24, 18)
    assert (
        problem.contents.value == "- **TGT006** invalid-feature-score: FeatureScore is not written as two hex digits."
    )
    assert await hover_at(client, features, 3, 0) is None  # a blank line
    signature = await hover_at(client, features, 5, 2)
    assert signature.range == rng(5, 0, 5, 9)
    assert signature.contents.value.startswith("**Signature**: Marks the file as an INF")


# -- definition, references, rename --------------------------------------------------------------


async def definition_at(client, uri, line, character):
    found = await client.text_document_definition_async(
        types.DefinitionParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )
    return [location.range for location in found or []]


async def test_go_to_definition_of_tokens_and_sections(client, features):
    assert await definition_at(client, features, 8, 20) == [rng(46, 0, 46, 12)]  # %ProviderName%
    assert await definition_at(client, features, 21, 20) == [rng(36, 1, 36, 21)]  # CopyFiles = NicInstall.CopyFiles
    assert await definition_at(client, features, 23, 20) == [rng(39, 1, 39, 18)]  # on the continuation line
    assert await definition_at(client, features, 16, 14) == [rng(20, 1, 20, 14)]  # install section -> [NicInstall.NT]
    assert await definition_at(client, features, 13, 9) == [rng(15, 1, 15, 16)]  # Contoso -> [Contoso.NTamd64]
    assert await definition_at(client, features, 27, 32) == [rng(29, 1, 29, 11)]  # AddService install section
    assert await definition_at(client, features, 31, 20) == []  # a plain value


async def test_find_references_of_tokens_and_sections(client, features):
    async def references(line, character, declaration=True):
        found = await client.text_document_references_async(
            types.ReferenceParams(
                context=types.ReferenceContext(include_declaration=declaration),
                text_document=types.TextDocumentIdentifier(features),
                position=types.Position(line, character),
            )
        )
        return [location.range for location in found or []]

    assert await references(46, 3) == [rng(8, 14, 8, 28), rng(46, 0, 46, 12)]
    assert await references(46, 3, declaration=False) == [rng(8, 14, 8, 28)]
    # [NicInstall.NT] is what the three Models entries install from.
    assert await references(20, 5) == [
        rng(16, 12, 16, 22),
        rng(17, 12, 17, 22),
        rng(18, 13, 18, 23),
        rng(20, 1, 20, 14),
    ]
    assert await references(43, 3) == []  # HKR is neither a token nor a section


async def test_rename_a_token_across_the_file(client, features):
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(types.TextDocumentIdentifier(features), types.Position(8, 20))
    )
    assert prepared == types.PrepareRenamePlaceholder(range=rng(8, 15, 8, 27), placeholder="ProviderName")
    edit = await client.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(features), types.Position(8, 20), "Vendor")
    )
    [document_edit] = edit.document_changes
    assert [(e.range, e.new_text) for e in document_edit.edits] == [
        (rng(8, 15, 8, 27), "Vendor"),
        (rng(46, 0, 46, 12), "Vendor"),
    ]


async def test_rename_a_section_renames_the_names_built_on_it(client, features):
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(types.TextDocumentIdentifier(features), types.Position(20, 3))
    )
    assert prepared == types.PrepareRenamePlaceholder(range=rng(20, 1, 20, 11), placeholder="NicInstall")
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(types.TextDocumentIdentifier(features), types.Position(20, 12))
    )
    assert prepared == types.PrepareRenamePlaceholder(range=rng(20, 1, 20, 14), placeholder="NicInstall.NT")
    edit = await client.text_document_rename_async(
        types.RenameParams(types.TextDocumentIdentifier(features), types.Position(18, 15), "Nic")
    )
    text = features_text()
    assert apply_edits(text, edit.document_changes[0].edits) == text.replace("NicInstall", "Nic")
    assert len(edit.document_changes[0].edits) == 9
    for fixed in (
        types.Position(4, 3),
        types.Position(12, 3),
    ):  # [Version] and [Manufacturer]: Windows needs those names
        refused = types.PrepareRenameParams(types.TextDocumentIdentifier(features), fixed)
        assert await client.text_document_prepare_rename_async(refused) is None
    nothing = types.RenameParams(types.TextDocumentIdentifier(features), types.Position(31, 18), "Two")
    assert await client.text_document_rename_async(nothing) is None  # ServiceType = 1: nothing to rename
    with pytest.raises(Exception, match=r"\[Common.AddReg\] already exists"):
        await client.text_document_rename_async(
            types.RenameParams(types.TextDocumentIdentifier(features), types.Position(29, 4), "Common.AddReg")
        )


# -- outline ------------------------------------------------------------------------------------------


async def test_document_symbols_list_sections_with_their_devices(client, features):
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(types.TextDocumentIdentifier(features))
    )
    assert [symbol.name for symbol in symbols] == [
        "Version",
        "Manufacturer",
        "Contoso.NTamd64",
        "NicInstall.NT",
        "NicInstall.NT.Services",
        "NicService",
        "NicInstall.CopyFiles",
        "NicInstall.AddReg",
        "Common.AddReg",
        "Strings",
    ]
    models = symbols[2]
    assert (models.range, models.selection_range, models.kind) == (
        rng(15, 0, 18, 46),
        rng(15, 1, 15, 16),
        types.SymbolKind.Namespace,
    )
    assert [(child.name, child.detail, child.range, child.selection_range) for child in models.children] == [
        (
            "Contoso Gigabit Adapter",
            "NicInstall: PCI\\VEN_8086&DEV_1533&SUBSYS_00018086",
            rng(16, 0, 16, 61),
            rng(16, 0, 16, 9),
        ),
        ("Contoso USB Receiver", "NicInstall: USB\\VID_046D&PID_C52B", rng(17, 0, 17, 45), rng(17, 0, 17, 9)),
        ("Gerät 😀", "NicInstall: PCI\\VEN_8086&DEV_1539", rng(18, 0, 18, 46), rng(18, 0, 18, 10)),
    ]
    assert symbols[-1].children is None and symbols[0].children is None


async def test_folding_ranges_cover_sections_continuations_and_comment_blocks(client, features):
    folds = await client.text_document_folding_range_async(
        types.FoldingRangeParams(types.TextDocumentIdentifier(features))
    )
    assert [(fold.start_line, fold.end_line, fold.kind) for fold in folds] == [
        (0, 2, "comment"),
        (4, 10, "region"),
        (12, 13, "region"),
        (15, 18, "region"),
        (20, 24, "region"),
        (22, 23, "region"),
        (26, 27, "region"),
        (29, 34, "region"),
        (36, 37, "region"),
        (39, 40, "region"),
        (42, 43, "region"),
        (45, 50, "region"),
    ]


# -- completion ---------------------------------------------------------------------------------------


async def complete_at(client, uri, line, character) -> list[types.CompletionItem]:
    found = await client.text_document_completion_async(
        types.CompletionParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )
    return found.items if found is not None else []


async def test_completion_of_tokens(client, features):
    items = await complete_at(client, features, 30, 17)  # DisplayName   = %|ServiceName%
    assert [item.label for item in items] == ["Mfg", "NicDesc", "ProviderName", "ServiceName", "UsbDesc"]
    assert items[0].text_edit == types.TextEdit(rng(30, 17, 30, 29), "Mfg%")
    assert items[0].detail == "Contoso Ltd."


async def test_completion_of_directives_for_the_kind_of_section(client, features):
    items = await complete_at(client, features, 31, 0)  # |ServiceType in a service-install section
    assert [item.label for item in items] == [
        "AddReg",
        "DelReg",
        "BitReg",
        "ServiceBinary",
        "DisplayName",
        "Description",
        "ServiceType",
        "StartType",
        "ErrorControl",
        "LoadOrderGroup",
        "Dependencies",
        "StartName",
        "Security",
        "ServiceSidType",
        "DelayedAutoStart",
        "AddTrigger",
    ]
    assert items[6].text_edit == types.TextEdit(rng(31, 0, 31, 11), "ServiceType = ")
    assert items[6].kind == types.CompletionItemKind.Property


async def test_completion_of_section_names_where_a_section_is_named(client, features):
    # Only file lists: the Models, install, service and registry sections are not what CopyFiles names.
    items = await complete_at(client, features, 21, 15)  # CopyFiles    = |NicInstall.CopyFiles
    assert [item.label for item in items] == ["NicInstall.CopyFiles"]
    assert items[0].text_edit == types.TextEdit(rng(21, 15, 21, 35), "NicInstall.CopyFiles")
    items = await complete_at(client, features, 22, 15)  # AddReg       = |Common.AddReg, \
    assert [item.label for item in items] == ["NicInstall.AddReg", "Common.AddReg"]
    # %NicDesc% = |NicInstall, ...: what a Models entry names, the install section without its .NT extension
    items = await complete_at(client, features, 16, 12)
    assert [item.label for item in items] == ["NicInstall"]
    assert items[0].text_edit == types.TextEdit(rng(16, 12, 16, 22), "NicInstall")
    assert list(await complete_at(client, features, 31, 18)) == []  # ServiceType   = 1: not a section


async def test_completion_of_class_names_sets_the_class_guid(client, features):
    items = await complete_at(client, features, 6, 14)  # Class       = |Net
    media = next(item for item in items if item.label == "Media")
    assert media.text_edit == types.TextEdit(rng(6, 14, 6, 17), "Media")
    assert list(media.additional_text_edits) == [
        types.TextEdit(rng(7, 14, 7, 52), "{4d36e96c-e325-11ce-bfc1-08002be10318}")
    ]
    assert len(items) == 69  # every class in infcheck.guids, sorted by name
    assert [item.label for item in items[:4]] == ["1394", "1394Debug", "61883", "Adapter"]


async def test_completion_of_section_headers(client):
    uri = "file:///tmp/lsp-tests/headers.inf"
    await open_document(client, uri, "[Manufacturer]\r\n%M% = Models\r\n\r\n[\r\n")
    items = await complete_at(client, uri, 3, 1)
    assert [item.label for item in items] == [
        "Models",
        "Version",
        "SourceDisksNames",
        "SourceDisksFiles",
        "DestinationDirs",
        "ControlFlags",
        "TargetComputers",
        "DefaultInstall",
        "ClassInstall32",
        "Strings",
    ]
    assert items[0].text_edit == types.TextEdit(rng(3, 1, 3, 1), "Models]")
    await close_document(client, uri)


async def test_completion_of_a_header_that_has_its_bracket_keeps_it(client):
    uri = "file:///tmp/lsp-tests/closed-header.inf"
    await open_document(client, uri, "[Manufacturer]\r\n%M% = Models\r\n\r\n[Mo]\r\n")
    items = await complete_at(client, uri, 3, 3)
    assert items[0].text_edit == types.TextEdit(rng(3, 1, 3, 3), "Models")
    await close_document(client, uri)


async def test_completion_leaves_out_the_sections_the_entry_already_lists(client):
    uri = "file:///tmp/lsp-tests/listed.inf"
    text = (
        "[Manufacturer]\r\n%M% = Models\r\n\r\n[Models]\r\n%D% = Install, PCI\\VEN_1234&DEV_5678\r\n\r\n"
        "[Install]\r\nAddReg = Common.AddReg, \r\n\r\n[Common.AddReg]\r\n\r\n[Install.AddReg]\r\n"
    )
    await open_document(client, uri, text)
    items = await complete_at(client, uri, 7, 24)  # AddReg = Common.AddReg, |
    assert [item.label for item in items] == ["Install.AddReg"]
    await close_document(client, uri)


# -- code actions -------------------------------------------------------------------------------------


async def actions_at(client, uri, line, start, end, only=None):
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=rng(line, start, line, end),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return found or []


def edits_of(action: types.CodeAction) -> list[tuple[types.Range, str]]:
    return [(edit.range, edit.new_text) for edit in action.edit.document_changes[0].edits]


async def test_code_actions_apply_the_rule_fix_and_silence_the_line(client, features):
    actions = await actions_at(client, features, 24, 16, 16)
    assert [(action.title, action.kind) for action in actions] == [
        ("Write FeatureScore as 0xF6", "quickfix"),
        ("Silence TGT006 on this line (; noqa)", "quickfix"),
        ("Fix all safe infcheck problems (1)", "source.fixAll.infcheck"),
    ]
    assert actions[0].is_preferred is True
    assert [d.code for d in actions[0].diagnostics] == ["TGT006"]
    assert edits_of(actions[0]) == [(rng(24, 15, 24, 18), "0xF6")]
    assert edits_of(actions[1]) == [(rng(24, 18, 24, 18), "  ; noqa: TGT006")]
    assert edits_of(actions[2]) == [(rng(24, 15, 24, 18), "0xF6")]
    only_fix_all = await actions_at(client, features, 0, 0, 0, only=["source.fixAll"])
    assert [action.title for action in only_fix_all] == ["Fix all safe infcheck problems (1)"]


async def test_code_actions_define_a_missing_token_and_silence_after_an_emoji(client, features):
    actions = await actions_at(client, features, 40, 20, 20)
    assert [action.title for action in actions] == [
        "Define %Missing% in [Strings]",
        "Silence INF201 on this line (; noqa)",
        "Fix all safe infcheck problems (1)",
    ]
    assert edits_of(actions[0]) == [(rng(50, 36, 50, 36), '\r\nMissing = ""')]
    assert edits_of(actions[1]) == [(rng(40, 27, 40, 27), "  ; noqa: INF201")]
    noqa = (await actions_at(client, features, 18, 30, 30))[0]
    assert edits_of(noqa) == [(rng(18, 46, 18, 46), "  ; noqa: PUB004")]
    # Applying each edit really removes the problem.
    text = features_text()
    for action, code in ((actions[0], "INF201"), (actions[1], "INF201"), (noqa, "PUB004")):
        changed = apply_edits(text, action.edit.document_changes[0].edits)
        codes = [item["code"] for item in check_text(changed)]
        assert code not in codes and len(codes) == 2


async def test_noqa_extends_an_existing_code_list(client):
    uri = "file:///tmp/lsp-tests/noqa.inf"
    text = '[Version]\r\nSignature = "$Windows NT$"\r\nCatalogFile = x.cat\r\nDriverVer = 13/01/2026,1.0.0.0 ; noqa: INF105 reviewed\r\n'
    diagnostics = await open_document(client, uri, text)
    assert [d.code for d in diagnostics] == ["INF103"]
    actions = await actions_at(client, uri, 3, 14, 14)
    silence = next(action for action in actions if action.title.startswith("Silence"))
    assert edits_of(silence) == [(rng(3, 45, 3, 45), ", INF103")]
    await close_document(client, uri)


def check_text(text: str) -> list[dict]:
    from infcheck.config import Config
    from infcheck.engine import check_document
    from infcheck.parse import parse_bytes

    document = parse_bytes(b"\xff\xfe" + text.encode("utf-16-le"), "features.inf")
    return [{"code": d.code} for d in check_document(document, Config().rules_for(None))]


# -- bad requests -----------------------------------------------------------------------------------


async def test_bad_requests_are_answered_with_nothing_and_the_server_carries_on(client, features):
    unknown = "file:///tmp/lsp-tests/never-opened.inf"
    assert await hover_at(client, unknown, 0, 0) is None
    assert await definition_at(client, unknown, 0, 0) == []
    assert await complete_at(client, unknown, 0, 0) == []
    assert await actions_at(client, unknown, 0, 0, 0) == []
    client.text_document_did_change(change(unknown, 2, (0, 0), (0, 0), "x"))
    # Positions past the end of a line or of the file are clamped, never an error.
    assert await hover_at(client, features, 9999, 9999) is None
    # Past the end of line 8 is its end, just after %ProviderName%.
    assert (await hover_at(client, features, 8, 9999)).range == rng(8, 14, 8, 28)
    found = await hover_at(client, features, 16, 30)
    assert found.range == rng(16, 24, 16, 61)


# -- another position encoding ------------------------------------------------------------------------


def _utf8_capabilities() -> types.ClientCapabilities:
    capabilities = client_capabilities("visual-studio-code")
    capabilities.general = types.GeneralClientCapabilities(position_encodings=["utf-8", "utf-16"])
    return capabilities


@pytest_lsp.fixture(scope="module", config=SERVER)
async def utf8_client(lsp_client: LanguageClient):
    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=_utf8_capabilities(), initialization_options={"debounce": 50})
    )
    assert result.capabilities.position_encoding == "utf-8"
    yield
    await lsp_client.shutdown_session()


async def test_positions_in_utf8_when_the_client_asks_for_them(utf8_client: LanguageClient, tmp_path: Path):
    path = tmp_path / "utf8.inf"
    path.write_bytes(FEATURES.read_bytes())
    diagnostics = await open_document(utf8_client, path.as_uri(), features_text())
    # "Gerät 😀": ä is two bytes and the emoji four, so the ID starts at byte 28, not character 24.
    assert summary(diagnostics)[0] == ("PUB004", 18, 28, 18, 49)
    found = await hover_at(utf8_client, path.as_uri(), 18, 30)
    assert found.range == rng(18, 28, 18, 49)
    utf8_client.text_document_did_change(change(path.as_uri(), 2, (18, 49), (18, 49), "&SUBSYS_00011234"))
    assert [d.code for d in await published(utf8_client, path.as_uri(), 2)] == ["TGT006", "INF201"]
    await close_document(utf8_client, path.as_uri())


async def test_hostile_documents_are_checked_without_harm(client: LanguageClient):
    texts = {
        "empty": "",
        "nul": "\x00\x01\x02[Version]\x00",
        "brackets": "[" * 20_000,
        "lone-surrogate": '[Strings]\r\nName = "\ud800"\r\n[\udfff]\r\n',
        "percent": "[Strings]\r\n" + "%" * 5_001 + "\r\n",
        "continuations": "[Version]\r\nSignature = \\\r\n" + "\\\r\n" * 2_000,
        "only-cr": '[Version]\rSignature = "$Windows NT$"\r\rClass = %A%\r',
    }

    def errors():
        return [m for m in [*client.log_messages, *client.messages] if m.type == types.MessageType.Error]

    before = len(errors())
    for name, text in texts.items():
        uri = f"file:///tmp/lsp-tests/hostile-{name}.inf"
        diagnostics = await open_document(client, uri, text)
        assert all(d.range.start.line <= d.range.end.line for d in diagnostics), name
        for line, character in ((0, 0), (0, 1), (1, 5), (5000, 1)):
            await hover_at(client, uri, line, character)
            await complete_at(client, uri, line, character)
            await definition_at(client, uri, line, character)
            await actions_at(client, uri, line, character, character + 3)
        await client.text_document_document_symbol_async(types.DocumentSymbolParams(types.TextDocumentIdentifier(uri)))
        await client.text_document_folding_range_async(types.FoldingRangeParams(types.TextDocumentIdentifier(uri)))
        await close_document(client, uri)
    assert len(errors()) == before


# -- EDK2 module files --------------------------------------------------------------------------------


async def test_an_edk2_module_file_is_not_checked_and_the_hover_says_why(client: LanguageClient):
    module = FIXTURES.parent / "edk2" / "MdePkg" / "Library" / "BaseSample" / "BaseSampleLib.inf"
    text = module.read_text(encoding="utf-8")
    assert await open_document(client, module.as_uri(), text) == []
    found = await hover_at(client, module.as_uri(), 5, 4)
    assert found is not None
    assert "does not check this file" in found.contents.value
    assert "[Defines] with INF_VERSION" in found.contents.value
    # A [Version] section makes it a Windows INF, which is checked again.
    version = len(text.splitlines())
    client.text_document_did_change(
        change(module.as_uri(), 2, (version, 0), (version, 0), '[Version]\nSignature = "$Windows NT$"\n')
    )
    diagnostics = await published(client, module.as_uri(), 2)
    assert diagnostics != []
    again = await hover_at(client, module.as_uri(), 0, 0)
    assert again is None or "does not check" not in again.contents.value
    await close_document(client, module.as_uri())
