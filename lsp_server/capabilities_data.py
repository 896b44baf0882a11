"""The capabilities the server answers ``initialize`` with, for the bootstrap to answer
before the server is loaded (without the position encoding, which the client's offer decides).

Written by tests/test_lsp_bootstrap.py from the server itself with INFCHECK_UPDATE_SNAPSHOTS=1;
the test fails when the server would answer differently.
"""

from typing import Any

CAPABILITIES: dict[str, dict[str, Any]] = {
    "rename": {
        "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.infcheck"]},
        "completionProvider": {"triggerCharacters": ["%", "[", "=", ","]},
        "definitionProvider": True,
        "documentSymbolProvider": True,
        "executeCommandProvider": {"commands": []},
        "foldingRangeProvider": True,
        "hoverProvider": True,
        "referencesProvider": True,
        "renameProvider": True,
        "textDocumentSync": {"change": 2, "openClose": True, "save": {"includeText": True}},
        "workspace": {"fileOperations": {}, "workspaceFolders": {"changeNotifications": True, "supported": True}},
    },
    "rename with prepare": {
        "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.infcheck"]},
        "completionProvider": {"triggerCharacters": ["%", "[", "=", ","]},
        "definitionProvider": True,
        "documentSymbolProvider": True,
        "executeCommandProvider": {"commands": []},
        "foldingRangeProvider": True,
        "hoverProvider": True,
        "referencesProvider": True,
        "renameProvider": {"prepareProvider": True},
        "textDocumentSync": {"change": 2, "openClose": True, "save": {"includeText": True}},
        "workspace": {"fileOperations": {}, "workspaceFolders": {"changeNotifications": True, "supported": True}},
    },
}
