"""The language server: pygls wiring between the protocol and the feature modules.

Each open document is checked on open, on save and shortly after the client
stops typing; diagnostics are published for the version that was checked.
Messages are handled on the server's one event loop; checks (and outlines) run
in one worker thread, one after another, so hovers and completions are answered
while a big file is checked. A check reads a copy of its version's text, and a
check that a newer one of the same document has replaced is never published, so
an older result never follows a newer one. Requests for a document that changed
since its last check, or whose check is under way, wait for that check first, so
every feature answers from the text the client has.

Nothing a client sends can stop the server: a request that fails is logged
and answered with nothing.

The first messages (``initialize``, and the first document opened) are usually
answered by :mod:`lsp_server.bootstrap` before this module is loaded; the
server then reads them again and carries on as if it had answered them itself.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.protocol.json_rpc import RPCRequest

from infcheck import __version__
from infcheck.collection import fewer_collections, freeze_start_up
from infcheck.config import CONFIG_FILES
from infcheck.diagnostics import Diagnostic, escape_control_characters
from infcheck.edk2 import edk2_module_reason, skipped_message
from infcheck.engine import is_internal_error
from lsp_server import actions, completion, navigation, outline
from lsp_server.bootstrap import SETTINGS_TIMEOUT_SECONDS, FirstCheck, HandOver, ReadAgain
from lsp_server.checking import Analysis, InfChecker, PlanChecker, checker_for, config_path, is_plan
from lsp_server.diagnostics import RuleDocuments, diagnostic_json, publication_json
from lsp_server.documents import OpenDocument
from lsp_server.hardware_names import HardwareNames
from lsp_server.hover import hover_at
from lsp_server.locate import Lookups
from lsp_server.positions import UTF16, LineMap
from lsp_server.settings import ClientSettings, WorkspaceRules, settings_from

logger = logging.getLogger("infcheck.lsp")

# How long to wait after a change before checking, so typing is not checked keystroke by keystroke.
DEFAULT_DEBOUNCE_SECONDS = 0.2


_writes: set[asyncio.Future[Any]] = set()


class PrebuiltAnswer(NamedTuple):
    """A request's result already written as JSON text (see ``_Protocol._send_response``)."""

    json: str


class _Unreadable(NamedTuple):
    """A message whose parameters could not be read (a negative position, a missing field)."""

    method: str
    id: int | str | None  # None for a notification
    params: Any


def _is_message_id(value: Any) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


class _Protocol(LanguageServerProtocol):
    """pygls's protocol with the gaps the specification leaves no room for closed.

    The server keeps each open document's text itself, so pygls keeps no copy.
    Every request is answered: one whose parameters cannot be read with
    InvalidParams (pygls only logs it), one after ``shutdown`` with
    InvalidRequest (pygls drops it). ``exit`` records the status the process
    ends with, 1 when no ``shutdown`` came first, which :func:`serve` passes on
    (pygls swallows the ``SystemExit`` that carries it).
    """

    exit_status: int | None = None

    def structure_message(self, data: dict[str, Any]):
        try:
            return super().structure_message(data)
        except JsonRpcException:
            method, number = data.get("method"), data.get("id")
            if not isinstance(method, str) or (number is not None and not _is_message_id(number)):
                raise
            return _Unreadable(method, number, data.get("params"))

    def handle_message(self, message) -> None:
        if isinstance(message, _Unreadable):
            self._server.unreadable_message(message)
            if message.id is not None:
                method = escape_control_characters(message.method)
                error = JsonRpcInvalidParams(f"the parameters of {method} do not follow the protocol")
                self._send_response(message.id, error=error.to_response_error())
            return
        if self._shutdown and isinstance(message, RPCRequest) and message.method != types.EXIT:
            method = escape_control_characters(message.method)
            error = JsonRpcInvalidRequest(f"{method} after shutdown: the server only takes exit now")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)

    # The initialize request the bootstrap answered, and its answer; the server's own answer
    # to it, when the request is read again at the hand-over, is not sent (see bootstrap.py).
    answered_by_bootstrap: tuple[int | str, dict[str, Any]] | None = None

    def _send_response(self, msg_id, result=None, error=None):
        if self.answered_by_bootstrap is not None and msg_id == self.answered_by_bootstrap[0]:
            answered = self.answered_by_bootstrap[1]
            self.answered_by_bootstrap = None
            ours = self._converter.unstructure(result) if error is None else None
            if ours != answered:  # a bug: the capabilities data is out of date (the tests say so first)
                logger.error(
                    "the bootstrap answered initialize with %s; the server would have answered %s or %s",
                    answered,
                    ours,
                    error,
                )
            return
        if error is None and isinstance(result, PrebuiltAnswer):
            # Already JSON: written as it is, without pygls converting thousands of objects.
            body = f'{{"jsonrpc":"2.0","id":{json.dumps(msg_id)},"result":{result.json}}}'
            self._result_types.pop(msg_id, None)
            self._send_text(body)
            return
        super()._send_response(msg_id, result, error)

    def _send_text(self, body: str) -> None:
        if self.writer is None:
            return
        data = body.encode(self.CHARSET)  # once: an outline of a big file is megabytes
        written = self.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
        if inspect.isawaitable(written):  # a websocket's writer: keep the write alive until it is done
            task = asyncio.ensure_future(written)
            _writes.add(task)
            task.add_done_callback(_writes.discard)

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args):
        self.exit_status = 0 if self._shutdown else 1
        return (yield from super().lsp_exit(*args))

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class InfLanguageServer(LanguageServer):
    """The server's state: open documents, their checkers and latest analyses, and the settings."""

    def __init__(self) -> None:
        super().__init__("infcheck", __version__, protocol_cls=_Protocol)
        self.documents: dict[str, OpenDocument] = {}
        self.checkers: dict[str, InfChecker | PlanChecker] = {}
        self.analyses: dict[str, Analysis] = {}
        self.lookups: dict[str, Lookups] = {}
        self.skipped: dict[str, str] = {}  # uri -> why the document is not checked (an EDK2 module file)
        self.settings = ClientSettings()
        self.workspace_rules = WorkspaceRules()
        self.rule_documents = RuleDocuments()
        self.hardware_names = HardwareNames()
        self.debounce = DEFAULT_DEBOUNCE_SECONDS
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self.awaiting_settings = False  # True from initialize until the client's settings arrive
        self._told: set[str] = set()
        # Checks and outlines run in one thread, one after another, so the event loop goes on answering
        # hovers and completions meanwhile, and no check changes a document an outline is being built from.
        # Each outline is kept with the analysis it was built from, started as soon as that is published.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="infcheck-check")
        self._checks: dict[str, Future[Analysis]] = {}  # uri -> its latest check, until it is published
        self.outlines: dict[str, tuple[Analysis, Future[str]]] = {}
        # Set (and replaced) when a check is started, so that the outlines submitted before make way for it.
        self._outlines_give_way = threading.Event()
        self.first_check: FirstCheck | None = None  # the bootstrap's check of the first document
        # The bootstrap's request for the client's settings when its answer is still to come, as if sent
        # from here, and the time.monotonic() when waiting for it ends; or the answer, when it came.
        self.settings_asked: tuple[Future[Any], float] | None = None
        self.settings_answered: list[Any] | None = None

    # -- positions ---------------------------------------------------------------------------

    @property
    def position_encoding(self) -> str:
        try:
            encoding = self.workspace.position_encoding or UTF16
        except RuntimeError:  # not initialized yet
            return UTF16
        # pygls keeps the encoding the client offered as text, and its default as an enum member.
        return str(getattr(encoding, "value", encoding))

    def lines_of(self, analysis: Analysis) -> LineMap:
        return LineMap(analysis.text, analysis.line_starts, self.position_encoding)

    # -- messages ----------------------------------------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        logger.info(message)
        try:
            self.window_log_message(types.LogMessageParams(kind, message))
        except Exception:  # no client to tell (not started, or gone)
            pass

    def tell_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Show a message to the user, once per distinct message, and log it.

        Messages quote file names and configuration values, which may hold any
        character; control characters are shown escaped, so the message stays
        one line and cannot drive a terminal the log is shown in.
        """
        message = escape_control_characters(message)
        self.log(message, kind)
        if message in self._told:
            return
        self._told.add(message)
        try:
            self.window_show_message(types.ShowMessageParams(kind, message))
        except Exception:
            pass

    # -- checking ----------------------------------------------------------------------------

    def workspace_root(self) -> Path | None:
        try:
            root = self.workspace.root_path
        except RuntimeError:
            return None
        return Path(root) if root else None

    def schedule_check(self, uri: str) -> None:
        self._cancel_pending(uri)
        loop = asyncio.get_running_loop()
        self._pending[uri] = loop.call_later(self.debounce, self._run_guarded, self.check_and_publish, uri)

    def _cancel_pending(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()

    def report_refused(self, document: OpenDocument) -> None:
        """Tell the user when the file behind a document was not read (a pipe, a device, a huge file)."""
        if document.refused is not None:
            self.tell_once(
                f"infcheck: {document.path} is {document.refused}; it was not read, so its encoding is taken "
                "to be that of a file not yet saved"
            )

    def unreadable_message(self, message: _Unreadable) -> None:
        """Log a message whose parameters could not be read; say so when it was a change that is now missing."""
        method = escape_control_characters(message.method)
        self.log(
            f"{method}: the parameters do not follow the protocol; the message was ignored", types.MessageType.Warning
        )
        if message.method != types.TEXT_DOCUMENT_DID_CHANGE or not isinstance(message.params, dict):
            return
        identifier = message.params.get("textDocument")
        document = self.documents.get(identifier.get("uri")) if isinstance(identifier, dict) else None
        if document is not None:
            name = document.path or document.uri
            self.tell_once(
                f"infcheck: a change to {name} could not be read; its diagnostics may not match the editor "
                "until the file is saved"
            )

    def _run_guarded(self, function: Callable[..., Any], *args: Any) -> None:
        try:
            function(*args)
        except Exception:
            self.log(f"internal error:\n{traceback.format_exc()}", types.MessageType.Error)

    def check_and_publish(self, uri: str) -> Future[Analysis] | None:
        """Start a check of the document's current text; its diagnostics are published for that
        version when the check is done (see :meth:`_finish_check`).

        Checks run one after another in the check thread, so the event loop goes on answering
        while a big file is checked. ``None`` when the document is not checked (it is not open,
        or it is an EDK2 module file).
        """
        self._cancel_pending(uri)
        document = self.documents.get(uri)
        if document is None:
            return None
        if self._skip_edk2_module(uri, document):
            return None
        choice = self.workspace_rules.rules_for(config_path(document, self.workspace_root()), self.settings)
        for problem in choice.problems:
            self.tell_once(f"infcheck: {problem}")
        checker = self.checkers.get(uri)
        if checker is None:
            checker = self.checkers[uri] = checker_for(document, self.workspace_root())
        state = document.state()
        earlier = self._checks.get(uri)
        if earlier is not None and earlier.cancel():
            # The earlier version was never checked, so what changed is measured from an older one:
            # the checker finds the changed stretch itself by comparing the texts.
            state = state._replace(changed=None)
        document.mark_checked()
        self._outlines_give_way.set()
        self._outlines_give_way = threading.Event()
        future = self._worker.submit(checker.check, state, choice.rules)
        self._checks[uri] = future
        loop = asyncio.get_running_loop()

        def finished(done: Future[Analysis]) -> None:
            try:
                loop.call_soon_threadsafe(self._run_guarded, self._finish_check, uri, done)
            except RuntimeError:  # the loop is closed: the server is stopping
                pass

        future.add_done_callback(finished)
        return future

    def forget_check(self, uri: str) -> None:
        """Drop the check of a document closed or opened again: it is not started if it can still
        be stopped, and its result is not published."""
        future = self._checks.pop(uri, None)
        if future is not None:
            future.cancel()

    def _finish_check(self, uri: str, future: Future[Analysis]) -> Analysis | None:
        """Publish a finished check, on the event loop; a check that a newer one of the same
        document has replaced (or that of a document since closed) is dropped unseen."""
        if self._checks.get(uri) is not future:
            return None
        del self._checks[uri]
        try:
            analysis = future.result()
        except Exception as error:
            self.checkers.pop(uri, None)  # its state may be half updated: the next check starts afresh
            trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            self.log(f"internal error:\n{trace}", types.MessageType.Error)
            return None
        failures = [diagnostic for diagnostic in analysis.diagnostics if is_internal_error(diagnostic)]
        if failures:
            # A rule bug: the other rules' findings are all there; say so once rather than show it in the file.
            for failure in failures:
                self.tell_once(f"infcheck: internal error: {failure.message}", types.MessageType.Error)
            kept = [diagnostic for diagnostic in analysis.diagnostics if not is_internal_error(diagnostic)]
            analysis = analysis._replace(diagnostics=kept)
        self.analyses[uri] = analysis
        self.lookups.pop(uri, None)
        self._publish(uri, analysis)
        if analysis.is_inf:
            self.outline_of(uri, analysis)
        return analysis

    def _checked_now(self, uri: str) -> Analysis | None:
        """The analysis of the document's current text, waiting for its check (started now if
        needed); the event loop waits too, so the request that asks sees the text the client has."""
        document = self.documents.get(uri)
        future = self._checks.get(uri)
        if future is None or (document is not None and document.changed is not None):
            future = self.check_and_publish(uri)
            if future is None:
                return None
        try:
            future.result()
        except Exception:
            self._finish_check(uri, future)  # which logs the error
            return None
        return self._finish_check(uri, future)

    def _skip_edk2_module(self, uri: str, document: OpenDocument) -> bool:
        """Leave an EDK2 module file unchecked, as the command line does: no diagnostics, and the
        reason logged and shown on hover."""
        reason = None if is_plan(document) else edk2_module_reason(document.text)
        if reason is None:
            self.skipped.pop(uri, None)
            return False
        document.mark_checked()
        if self.skipped.get(uri) != reason:
            self.log(f"infcheck: {skipped_message(str(document.path or uri), reason)}")
        self.skipped[uri] = reason
        # The checker's incremental state would miss the edits made meanwhile: a later check starts afresh.
        for table in (self.checkers, self.analyses, self.lookups, self.outlines, self._checks):
            table.pop(uri, None)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=document.version)
        )
        return True

    def outline_of(self, uri: str, analysis: Analysis) -> Future[str]:
        """The document symbols of ``analysis`` as JSON, built (or being built) in the check thread.

        Only ever asked for the document's latest analysis with no check of it under way, so the
        outline is built before any later check changes the document in place."""
        kept = self.outlines.get(uri)
        if kept is not None and kept[0] is analysis and not _was_abandoned(kept[1]):
            return kept[1]
        # Outlines are built as soon as a check is published, and checks come first: an outline
        # still unfinished when a check is started is abandoned, and built again when asked for.
        future = self._worker.submit(_outline_json, analysis, self.position_encoding, self._outlines_give_way.is_set)
        self.outlines[uri] = (analysis, future)
        return future

    def _publish(self, uri: str, analysis: Analysis) -> None:
        lines = self.lines_of(analysis)
        self.protocol._send_text(
            publication_json(uri, analysis.version, analysis.diagnostics, lines, self.rule_documents)
        )

    def to_lsp(self, diagnostic: Diagnostic, lines: LineMap) -> types.Diagnostic:
        """The diagnostic as the protocol's type, built from the same JSON data as a publication."""
        return self.protocol._converter.structure(
            diagnostic_json(diagnostic, lines, self.rule_documents), types.Diagnostic
        )

    def take_over(self, hand_over: HandOver) -> None:
        """Carry on from the bootstrap: the initialize request it answered is not answered again,
        and its check of the first document is taken over when that document is opened again."""
        if hand_over.initialize_id is not None and hand_over.initialize_answer is not None:
            self.protocol.answered_by_bootstrap = (hand_over.initialize_id, hand_over.initialize_answer)
        # The start-up freeze (see ``initialized``) then also freezes the objects of that check; those
        # of them that later become garbage in cycles are never collected: at most one check's worth.
        self.first_check = hand_over.first_check
        self.workspace_rules = hand_over.workspace_rules
        self.rule_documents = hand_over.rule_documents
        asked = hand_over.configuration_request
        if asked is not None:
            # Its answer, read again at the hand-over or still to come, settles this future as pygls
            # settles its own requests' (the server's first settings request waits for it instead).
            future: Future[Any] = Future()
            self.protocol._request_futures[asked.id] = future
            self.protocol._result_types[asked.id] = self.protocol.get_result_type(types.WORKSPACE_CONFIGURATION)
            if asked.answer is None:
                self.settings_asked = (future, asked.deadline)
            else:
                self.settings_answered = asked.answer

    def adopt_first_check(self, uri: str) -> bool:
        """Take over the bootstrap's check of a document open as the bootstrap saw it, with the same
        settings; its diagnostics are published already. ``False`` when it must be checked here.
        Until the client's settings have come, the check is kept for when they have."""
        first = self.first_check
        if first is None or first.uri != uri or self.awaiting_settings:
            return False
        self.first_check = None
        document, opened = first.document, self.documents.get(uri)
        seen = (document.uri, document.version, document.text, document.language_id)
        if opened is None or seen != (opened.uri, opened.version, opened.text, opened.language_id):
            return False
        if first.settings != self.settings or first.position_encoding != self.position_encoding:
            return False
        self.documents[uri] = document
        self.checkers[uri] = first.checker
        self.analyses[uri] = first.analysis
        self.outline_of(uri, first.analysis)
        return True

    def current(self, uri: str) -> tuple[Analysis, Lookups] | None:
        """The analysis of the document's current text (checking it now if it changed), with its lookups."""
        document = self.documents.get(uri)
        if document is None:
            self.log(
                f"request for a document that is not open: {escape_control_characters(uri)}", types.MessageType.Warning
            )
            return None
        analysis = self.analyses.get(uri)
        if analysis is None or document.changed is not None or uri in self._checks:
            analysis = self._checked_now(uri)
            if analysis is None:
                return None
        lookups = self.lookups.get(uri)
        if lookups is None:
            lookups = self.lookups[uri] = Lookups(analysis.document, analysis.index) if analysis.is_inf else None
        return analysis, lookups

    def stop_checking(self) -> None:
        """Leave the checks not yet started undone, so the process ends without waiting for them."""
        self._worker.shutdown(wait=False, cancel_futures=True)

    def recheck_all(self) -> None:
        for uri in list(self.documents):
            if not self.adopt_first_check(uri):
                self._run_guarded(self.check_and_publish, uri)
        self.first_check = None  # its document was closed meanwhile, or is checked here


server = InfLanguageServer()


def guarded(default: Any = None) -> Callable:
    """Log a failing handler's error and answer ``default``, so one bad request never stops the server."""

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def handler(ls: InfLanguageServer, params: Any) -> Any:
            try:
                return function(ls, params)
            except JsonRpcException:
                raise  # an answer the client should see as an error, such as a rename that cannot be done
            except Exception:
                ls.log(f"internal error in {function.__name__}:\n{traceback.format_exc()}", types.MessageType.Error)
                return default

        return handler

    return decorate


# -- lifecycle and settings -----------------------------------------------------------------


@server.feature(types.INITIALIZE)
@guarded()
def initialize(ls: InfLanguageServer, params: types.InitializeParams) -> None:
    workspace = params.capabilities.workspace
    # A client that answers workspace/configuration is asked for its settings once initialized;
    # documents opened before the answer are checked when it comes, not with default settings first.
    ls.awaiting_settings = bool(workspace and workspace.configuration)
    options = params.initialization_options
    settings = settings_from(options)
    if settings is not None:
        ls.settings = settings
    if ls.awaiting_settings and ls.settings_answered is not None:
        # The bootstrap has the settings the client sent when asked: they apply from the start, as they
        # would once initialized, and documents are checked as they are opened (by the bootstrap, first).
        ls.settings = settings_from(ls.settings_answered[0] if ls.settings_answered else None) or ls.settings
        ls.awaiting_settings = False
    if not isinstance(options, dict):
        return
    debounce = options.get("debounce")
    if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and 0 <= debounce <= 60_000:
        ls.debounce = debounce / 1000
    folders = options.get("hwdataPath")
    if isinstance(folders, str):
        folders = [folders]
    if isinstance(folders, list):
        ls.hardware_names = HardwareNames(tuple(folder for folder in folders if isinstance(folder, str)))


@server.feature(types.INITIALIZED)
async def initialized(ls: InfLanguageServer, params: types.InitializedParams) -> None:
    # Start-up is over and no document is open yet: what exists now stays for good.
    freeze_start_up()
    try:
        await _pull_configuration(ls)
    finally:
        if ls.awaiting_settings:
            ls.awaiting_settings = False
            ls.recheck_all()
    await _watch_configuration_files(ls)


async def _watch_configuration_files(ls: InfLanguageServer) -> None:
    """Ask the client to say when a configuration file changes, so open files are checked again at once."""
    workspace = ls.client_capabilities.workspace
    watching = workspace.did_change_watched_files if workspace else None
    if not (watching and watching.dynamic_registration):
        return
    names = ",".join(CONFIG_FILES)
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=f"**/{{{names}}}")]
    )
    registration = types.Registration(
        id="infcheck-configuration", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception as error:
        ls.log(f"the client cannot watch the configuration files: {error}", types.MessageType.Warning)


async def _pull_configuration(ls: InfLanguageServer) -> None:
    """Ask the client for the ``infcheck`` settings, when it can answer, and check again with them."""
    capabilities = ls.client_capabilities
    if not (capabilities.workspace and capabilities.workspace.configuration):
        return
    answered, ls.settings_answered = ls.settings_answered is not None, None
    if answered:  # by the bootstrap; initialize applied them
        return
    asked, ls.settings_asked = ls.settings_asked, None
    if asked is not None:  # the bootstrap asked already, with the same items
        request, timeout = asyncio.wrap_future(asked[0]), max(0.0, asked[1] - time.monotonic())
    else:
        params = types.ConfigurationParams(items=[types.ConfigurationItem(section="infcheck")])
        request, timeout = ls.workspace_configuration_async(params), SETTINGS_TIMEOUT_SECONDS
    try:
        answer = await asyncio.wait_for(request, timeout)
    except Exception as error:
        ls.log(f"the client did not send its settings: {error or 'no answer in time'}", types.MessageType.Warning)
        return
    settings = settings_from(answer[0] if answer else None)
    if settings is not None and settings != ls.settings:
        ls.settings = settings
        if not ls.awaiting_settings:  # at start-up, initialized checks the open documents once
            ls.recheck_all()


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: InfLanguageServer, params: types.DidChangeConfigurationParams) -> None:
    settings = settings_from(params.settings)
    if settings is not None:
        ls.settings = settings
    ls.workspace_rules.forget()
    ls.recheck_all()
    await _pull_configuration(ls)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded()
def did_change_watched_files(ls: InfLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.workspace_rules.forget()
    ls.recheck_all()


# -- document synchronisation ---------------------------------------------------------------


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: InfLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    document = ls.documents[item.uri] = OpenDocument(item.uri, item.text, item.version, item.language_id)
    ls.checkers.pop(item.uri, None)
    ls.forget_check(item.uri)
    if ls.adopt_first_check(item.uri):
        return
    ls.report_refused(document)
    if not ls.awaiting_settings:
        ls.check_and_publish(item.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: InfLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    document = ls.documents.get(uri)
    if document is None:
        ls.log(f"change to a document that is not open: {escape_control_characters(uri)}", types.MessageType.Warning)
        return
    encoding = ls.position_encoding
    for change in params.content_changes:
        document.apply(change, encoding)
    document.version = params.text_document.version
    ls.schedule_check(uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=True))
@guarded()
def did_save(ls: InfLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    document = ls.documents.get(params.text_document.uri)
    if document is None:
        return
    if params.text is not None:
        document.replace_text(params.text)
    document.reread_encoding()
    ls.report_refused(document)
    ls.check_and_publish(document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: InfLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls._cancel_pending(uri)
    for table in (ls.documents, ls.checkers, ls.analyses, ls.lookups, ls.outlines, ls.skipped):
        table.pop(uri, None)
    ls.forget_check(uri)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


# -- features ---------------------------------------------------------------------------------


def _inf_at(ls: InfLanguageServer, uri: str) -> tuple[Analysis, Lookups, LineMap] | None:
    """The current analysis of an INF document with its lookups and lines; ``None`` for plans and unknown documents."""
    found = ls.current(uri)
    if found is None or found[1] is None:
        return None
    analysis, lookups = found
    return analysis, lookups, ls.lines_of(analysis)


def _location(uri: str, lines: LineMap, place) -> types.Location:
    return types.Location(uri=uri, range=lines.range_of(place.start, place.end))


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded()
def hover(ls: InfLanguageServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.current(params.text_document.uri)
    reason = ls.skipped.get(params.text_document.uri)
    if reason is not None:
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown,
                value=f"**infcheck does not check this file**: it is an EDK2 module file ({reason}), a firmware "
                "build description rather than a Windows INF. A file with a `[Version]` section is always checked.",
            )
        )
    if found is None:
        return None
    analysis, lookups = found
    lines = ls.lines_of(analysis)
    offset = lines.offset_at(params.position)

    def bounds(diagnostic):
        return lines.span_offsets(diagnostic.span)

    found_hover = hover_at(lookups, offset, analysis.diagnostics, bounds, ls.hardware_names)
    if found_hover is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=found_hover.markdown),
        range=lines.range_of(found_hover.start, found_hover.end),
    )


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded()
def definition(ls: InfLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
    found = _inf_at(ls, params.text_document.uri)
    if found is None:
        return None
    _, lookups, lines = found
    places = navigation.definitions(lookups, lines.offset_at(params.position))
    return [_location(params.text_document.uri, lines, place) for place in places] or None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@guarded()
def references(ls: InfLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
    found = _inf_at(ls, params.text_document.uri)
    if found is None:
        return None
    _, lookups, lines = found
    offset = lines.offset_at(params.position)
    places = navigation.references(lookups, offset, params.context.include_declaration)
    return [_location(params.text_document.uri, lines, place) for place in places] or None


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@guarded()
def prepare_rename(ls: InfLanguageServer, params: types.PrepareRenameParams):
    found = _inf_at(ls, params.text_document.uri)
    if found is None:
        return None
    _, lookups, lines = found
    target = navigation.rename_target(lookups, lines.offset_at(params.position))
    if target is None:
        return None
    return types.PrepareRenamePlaceholder(range=lines.range_of(target.start, target.end), placeholder=target.name)


@server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
@guarded()
def rename(ls: InfLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    found = _inf_at(ls, params.text_document.uri)
    if found is None:
        return None
    analysis, lookups, lines = found
    target = navigation.rename_target(lookups, lines.offset_at(params.position))
    if target is None:
        return None  # nothing renamable here; a client that asked prepareRename first never gets here
    try:
        edits = navigation.rename_edits(lookups, target, params.new_name)
    except navigation.RenameError as error:
        raise JsonRpcInvalidParams(str(error)) from None
    return _workspace_edit(params.text_document.uri, analysis, lines, edits)


def _text_edits(lines: LineMap, edits) -> list[types.TextEdit]:
    return [types.TextEdit(range=lines.range_of(start, end), new_text=new_text) for start, end, new_text in edits]


def _workspace_edit(uri: str, analysis: Analysis, lines: LineMap, edits) -> types.WorkspaceEdit:
    document_edit = types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=analysis.version),
        edits=_text_edits(lines, edits),
    )
    return types.WorkspaceEdit(document_changes=[document_edit])


def _outline_json(analysis: Analysis, encoding: str, abandoned: Callable[[], bool]) -> str:
    """The document symbols of an INF analysis as JSON, built with the young generation collected
    as seldom as during a check. The outline follows a check at once, and collections of the
    young generations then walk all the check left there: for a big file one of them alone took
    longer than the rest of the outline, and the outline itself frees nearly all it makes."""
    assert analysis.index is not None
    with fewer_collections():
        return outline.symbols_json(
            analysis.document,
            analysis.index,
            analysis.text,
            analysis.line_starts,
            encoding,
            abandoned,
        )


def _was_abandoned(future: Future[str]) -> bool:
    return future.done() and isinstance(future.exception(), outline.OutlineAbandoned)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbols(ls: InfLanguageServer, params: types.DocumentSymbolParams) -> PrebuiltAnswer | None:
    try:
        found = _inf_at(ls, params.text_document.uri)
        if found is None:
            return None
        # The check thread builds it; meanwhile the server goes on answering other messages.
        # When a check started meanwhile made it give way, it is asked for again, for the text now.
        while True:
            try:
                return PrebuiltAnswer(await asyncio.wrap_future(ls.outline_of(params.text_document.uri, found[0])))
            except outline.OutlineAbandoned:
                found = _inf_at(ls, params.text_document.uri)
                if found is None:
                    return None
    except Exception:
        ls.log(f"internal error in document_symbols:\n{traceback.format_exc()}", types.MessageType.Error)
        return None


@server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
@guarded()
def folding_ranges(ls: InfLanguageServer, params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
    found = _inf_at(ls, params.text_document.uri)
    if found is None:
        return None
    analysis, _, lines = found
    kinds = {"region": types.FoldingRangeKind.Region, "comment": types.FoldingRangeKind.Comment}
    return [
        types.FoldingRange(start_line=fold.start_line, end_line=fold.end_line, kind=kinds[fold.kind])
        for fold in outline.folding_ranges(analysis.document, lines.line_of)
    ]


_COMPLETION_KINDS = {
    "token": types.CompletionItemKind.Variable,
    "section": types.CompletionItemKind.Module,
    "directive": types.CompletionItemKind.Property,
    "class": types.CompletionItemKind.Class,
}


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["%", "[", "=", ","]))
@guarded()
def complete(ls: InfLanguageServer, params: types.CompletionParams) -> types.CompletionList | None:
    found = _inf_at(ls, params.text_document.uri)
    if found is None:
        return None
    analysis, _, lines = found
    items = completion.complete(analysis.document, analysis.index, lines.offset_at(params.position))
    return types.CompletionList(
        is_incomplete=False,
        items=[
            types.CompletionItem(
                label=item.label,
                kind=_COMPLETION_KINDS[item.kind],
                detail=item.detail or None,
                sort_text=item.sort_text,
                text_edit=types.TextEdit(range=lines.range_of(item.start, item.end), new_text=item.new_text),
                additional_text_edits=_text_edits(lines, item.more_edits) or None,
            )
            for item in items
        ],
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]),
)
@guarded()
def code_actions(ls: InfLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    found = ls.current(uri)
    if found is None:
        return None
    analysis, _ = found
    lines = ls.lines_of(analysis)
    low = lines.offset_at(params.range.start)
    high = lines.offset_at(params.range.end)
    only = params.context.only
    want_quick_fixes = only is None or any(types.CodeActionKind.QuickFix.startswith(kind) for kind in only)
    want_fix_all = only is None or any(actions.FIX_ALL.startswith(kind) for kind in only)
    newline = analysis.document.encoding.newline if analysis.is_inf else "\n"
    found_actions = []
    if want_quick_fixes:
        found_actions += actions.actions_for(
            analysis.document, lines, analysis.diagnostics, min(low, high), max(low, high), newline
        )
    every = actions.fix_all(lines, analysis.diagnostics, newline) if want_fix_all else None
    if every is not None:
        found_actions.append(every)
    return [
        types.CodeAction(
            title=action.title,
            kind=action.kind,
            diagnostics=[ls.to_lsp(diagnostic, lines) for diagnostic in action.diagnostics],
            edit=_workspace_edit(uri, analysis, lines, action.edits),
            is_preferred=action.preferred or None,
        )
        for action in found_actions
    ]


class _AnsweredErrorsFilter(logging.Filter):
    """Drops pygls's log records of requests answered with an error on purpose.

    A refused rename or an unknown command is an answer the client shows; pygls
    also logs it with a traceback, which clients show as a server error.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], JsonRpcException))


def serve(hand_over: HandOver | None = None) -> None:
    """Run the server on standard input and output until the client says exit, carrying on
    from the bootstrap when ``hand_over`` says what it read and did.

    The process ends with status 1 when the client said exit without asking for
    shutdown first, as the specification asks, and 0 otherwise.
    """
    logging.basicConfig(level=logging.WARNING, format="infcheck-lsp: %(levelname)s: %(message)s")
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_AnsweredErrorsFilter())
    # While a check runs in the check thread, a message passes between the reading thread and the
    # event loop several times; each waits for the check to let go of the interpreter, at most this long.
    sys.setswitchinterval(0.001)
    stdin = None
    if hand_over is not None:
        server.take_over(hand_over)
        stdin = ReadAgain(hand_over.read, sys.stdin.buffer, hand_over.pending_read)
    try:
        server.start_io(stdin)  # type: ignore[arg-type]  # pygls only calls readline and read
    finally:
        server.stop_checking()
    if server.protocol.exit_status:
        sys.exit(server.protocol.exit_status)
