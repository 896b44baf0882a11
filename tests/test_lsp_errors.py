"""Requests the server refuses on purpose are answered with the error, and its log holds no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys

INF = """[Version]
Signature = "$WINDOWS NT$"

[Manufacturer]
%Mfg% = Models, NTamd64

[Models.NTamd64]
%Dev% = Install, PCI\\VEN_1234&DEV_5678

[Install.NT]

[Strings]
Mfg = "Contoso"
Dev = "Contoso device"
"""


def _message(payload: dict) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", **payload}).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _responses(stdout: bytes) -> dict:
    answers = {}
    while stdout:
        header, _, rest = stdout.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: *(\d+)", header, re.IGNORECASE).group(1))
        message = json.loads(rest[:length])
        stdout = rest[length:]
        if "id" in message and "method" not in message:
            answers[message["id"]] = message
    return answers


def test_a_refused_rename_and_an_unknown_command_leave_no_traceback_in_the_log(tmp_path):
    uri = (tmp_path / "device.inf").as_uri()
    messages = [
        {"id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
        {"method": "initialized", "params": {}},
        {
            "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "inf", "version": 1, "text": INF}},
        },
        {
            "id": 2,
            "method": "textDocument/rename",
            "params": {"textDocument": {"uri": uri}, "position": {"line": 7, "character": 9}, "newName": "a\tb"},
        },
        {"id": 3, "method": "workspace/executeCommand", "params": {"command": "infcheck.noSuchCommand"}},
        {"id": 4, "method": "shutdown"},
        {"method": "exit"},
    ]
    result = subprocess.run(
        [sys.executable, "-m", "lsp_server"],
        input=b"".join(_message(message) for message in messages),
        capture_output=True,
        timeout=120,
    )
    answers = _responses(result.stdout)
    assert answers[2]["error"]["message"] == "'a\\tb' cannot be a section name: it holds U+0009, a control character"
    assert "error" in answers[3]
    log = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in log, log
