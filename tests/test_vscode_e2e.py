"""The packaged VS Code extension in a real VS Code (code-server in headless Chromium).

It installs the .vsix into a fresh code-server, opens a workspace holding a bad INF
with ``infcheck.interpreter`` set to the Python running these tests, and checks what a
user sees: the squiggles, the Problems panel rows (code, line, column, the same as
``infcheck check``), the hover of a hardware ID, the rows after the restart command and
after typing a fix. A second session starts with a Python that lacks infcheck and checks
the message, then points the setting at a good Python and checks the server starts.
A third opens, in Restricted Mode, a workspace whose own ``infcheck``, ``lsp_server``,
``lark``, ``pygls`` and ``runpy`` leave marker files when imported and whose settings
name an interpreter inside it: the diagnostics appear, no marker does; then it trusts
the workspace and checks the server restarts with that interpreter.
The first session's screenshot goes to docs/vscode.png and, for the extension's README,
to vscode-extension/images/vscode.png.

The pieces come from ``vscode-extension/scripts/setup-e2e.sh`` (Debian's Chromium,
code-server from npm, the packaged extension). Without them the tests skip and say
which is missing, unless INFCHECK_E2E_REQUIRED=1 (set by .ci/run after it ran the
script), in which case a missing piece is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.slow

REPOSITORY = Path(__file__).resolve().parent.parent
EXTENSION = REPOSITORY / "vscode-extension"
VSIX = EXTENSION / "infcheck.vsix"
DRIVER = EXTENSION / "test" / "e2e" / "drive.mjs"
SCREENSHOT = Path(os.environ.get("INFCHECK_E2E_SCREENSHOT", REPOSITORY / "docs" / "vscode.png"))
# The extension's own README shows the same picture, from inside the .vsix.
README_SCREENSHOT = EXTENSION / "images" / "vscode.png"
CODE_SERVER_VERSION = "4.100.3"
CHROMIUM = Path(os.environ.get("INFCHECK_E2E_CHROMIUM", "/usr/bin/chromium"))
PCI_IDS = Path("/usr/share/misc/pci.ids")

# Same default as setup-e2e.sh, so the test finds what the script installed.
CACHE = Path(
    os.environ.get("INFCHECK_E2E_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "infcheck-e2e"
)
CODE_SERVER = CACHE / f"code-server-{CODE_SERVER_VERSION}" / "node_modules" / ".bin" / "code-server"

# One date that does not exist, one undefined token and one two-part PCI ID.
BAD_INF = r"""; A driver package with three mistakes infcheck reports.
[Version]
Signature   = "$Windows NT$"
Class       = Net
ClassGuid   = {4d36e972-e325-11ce-bfc1-08002be10318}
Provider    = %ManufacturerName%
CatalogFile = fabrikam.cat
DriverVer   = 13/01/2026,1.0.0.0
PnpLockdown = 1

[Manufacturer]
%ManufacturerName% = Fabrikam, NTamd64.10.0

[Fabrikam.NTamd64.10.0]
%DeviceName% = Fabrikam_Install, PCI\VEN_8086&DEV_1234

[Fabrikam_Install.NT]
CopyFiles = Fabrikam_CopyFiles

[Fabrikam_Install.NT.Services]
AddService = fabrikam, 0x00000002, Fabrikam_Service

[Fabrikam_Service]
ServiceType   = 1
StartType     = 3
ErrorControl  = 1
ServiceBinary = %13%\fabrikam.sys

[Fabrikam_CopyFiles]
fabrikam.sys

[DestinationDirs]
Fabrikam_CopyFiles = 13

[SourceDisksNames]
1 = %DiskName%

[SourceDisksFiles]
fabrikam.sys = 1

[Strings]
ManufacturerName = "Fabrikam, Inc."
DiskName         = "Fabrikam Installation Disk"
"""
FILE_NAME = "fabrikam.inf"
EXPECTED_PROBLEMS = [("INF103", 8, 15), ("INF201", 15, 1), ("PUB004", 15, 34)]
# Inside PCI\VEN_8086&DEV_1234 on line 15.
HOVER_LINE, HOVER_COLUMN = 15, 40

# Typing a subsystem after the two-part ID on line 15 (its end) fixes PUB004.
EDIT = {"line": 15, "column": 55, "text": "&SUBSYS_00011028"}

DRIVER_TIMEOUT_S = 240
CODE_PATTERN = re.compile(r"\b(?:INF|PUB|TGT|SHP)\d{3}\b")
POSITION_PATTERN = re.compile(r"\[Ln (\d+), Col (\d+)\]")


def _newest_source_time() -> float:
    sources = [EXTENSION / "package.json", EXTENSION / "language-configuration.json"]
    sources += [*(EXTENSION / "src").glob("*.ts"), *(EXTENSION / "syntaxes").glob("*.json")]
    return max(path.stat().st_mtime for path in sources)


def _missing_pieces() -> list[str]:
    missing = []
    if not CODE_SERVER.exists():
        missing.append(f"code-server {CODE_SERVER_VERSION} is not installed at {CODE_SERVER}")
    if not CHROMIUM.exists():
        missing.append(f"Chromium is not at {CHROMIUM}")
    if shutil.which("node") is None:
        missing.append("node is not on PATH")
    if not VSIX.exists():
        missing.append(f"the packaged extension {VSIX.relative_to(REPOSITORY)} does not exist")
    elif _newest_source_time() > VSIX.stat().st_mtime:
        missing.append(f"the packaged extension {VSIX.relative_to(REPOSITORY)} is older than its sources")
    if not (EXTENSION / "node_modules" / "playwright-core").exists():
        missing.append("playwright-core is not installed in vscode-extension/node_modules")
    return missing


@pytest.fixture(scope="module")
def pieces():
    missing = _missing_pieces()
    if missing:
        reason = "; ".join(missing) + " (run vscode-extension/scripts/setup-e2e.sh)"
        if os.environ.get("INFCHECK_E2E_REQUIRED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"code-server exited with status {server.returncode} before serving")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise AssertionError(f"code-server did not answer {url} within {deadline_s} s")


def _user_settings() -> dict:
    # A quiet, predictable workbench: no welcome page, tips, update checks or trust prompt.
    return {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "workbench.enableExperiments": False,
        "security.workspace.trust.enabled": False,
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "update.mode": "none",
        "telemetry.telemetryLevel": "off",
        "workbench.colorTheme": "Default Light Modern",
        "editor.hover.delay": 300,
    }


def _run_in_editor(root: Path, interpreter: str, scenario: dict, restricted: bool = False) -> dict:
    """Install the .vsix into a fresh code-server, open the bad INF in Chromium, play a scenario of drive.mjs.

    ``interpreter`` goes into the workspace's settings. ``restricted`` opens the workspace
    untrusted, in Restricted Mode, with this test's Python named in the user's settings;
    whatever is already in ``root / "workspace"`` stays.
    """
    user_data, extensions, config_home = root / "user-data", root / "extensions", root / "config"
    workspace = root / "workspace"
    for folder in (user_data / "User", extensions, config_home, workspace / ".vscode"):
        folder.mkdir(parents=True, exist_ok=True)
    user_settings = _user_settings()
    if restricted:
        user_settings.update(
            {
                "security.workspace.trust.enabled": True,
                # No question at start: an untrusted folder opens in Restricted Mode.
                "security.workspace.trust.startupPrompt": "never",
                "infcheck.interpreter": sys.executable,
            }
        )
    (user_data / "User" / "settings.json").write_text(json.dumps(user_settings, indent=2))
    (workspace / FILE_NAME).write_text(BAD_INF, newline="\r\n")
    workspace_settings = workspace / ".vscode" / "settings.json"
    workspace_settings.write_text(json.dumps({"infcheck.interpreter": interpreter}))

    environment = {**os.environ, "XDG_CONFIG_HOME": str(config_home)}
    common = ["--user-data-dir", str(user_data), "--extensions-dir", str(extensions)]
    install = subprocess.run(
        [str(CODE_SERVER), *common, "--install-extension", str(VSIX)],
        capture_output=True,
        text=True,
        timeout=180,
        env=environment,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert "was successfully installed" in install.stdout, install.stdout
    version = json.loads((EXTENSION / "package.json").read_text())["version"]
    assert (extensions / f"infcheck.infcheck-{version}" / "out" / "extension.js").is_file()

    port = _free_port()
    log_path = root / "code-server.log"
    started = time.monotonic()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                str(CODE_SERVER),
                *common,
                "--auth",
                "none",
                "--bind-addr",
                f"127.0.0.1:{port}",
                "--disable-telemetry",
                "--disable-update-check",
                "--disable-getting-started-override",
                *([] if restricted else ["--disable-workspace-trust"]),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=workspace,
        )
        try:
            _wait_until_serving(f"http://127.0.0.1:{port}/healthz", server, 60)
            file_uri = f"vscode-remote://127.0.0.1:{port}{(workspace / FILE_NAME).as_posix()}"
            payload = quote(json.dumps([["openFile", file_uri]]))
            driver_settings = root / "driver.json"
            driver_settings.write_text(
                json.dumps(
                    {
                        "url": f"http://127.0.0.1:{port}/?folder={quote(workspace.as_posix())}&payload={payload}",
                        "chromium": str(CHROMIUM),
                        "fileName": FILE_NAME,
                        "timeoutMs": 90_000,
                        "settingsPath": str(workspace_settings),
                        "failureScreenshot": str(root / "failure.png"),
                        "logsFolder": str(user_data / "logs"),
                        **scenario,
                    }
                )
            )
            drive = subprocess.run(
                ["node", str(DRIVER), str(driver_settings)],
                capture_output=True,
                text=True,
                timeout=DRIVER_TIMEOUT_S,
                cwd=EXTENSION,
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    assert drive.returncode == 0, (
        f"the browser driver failed (the page as it was: {root / 'failure.png'}):\n{drive.stderr[-4000:]}\n--- code-server log ---\n"
        + log_path.read_text(errors="replace")[-4000:]
    )
    print(f"vscode e2e ({scenario['scenario']}): {time.monotonic() - started:.1f} s from code-server start")
    seen = json.loads(drive.stdout.strip().splitlines()[-1])
    seen["workspace"] = workspace
    return seen


@pytest.fixture(scope="module")
def editor_session(pieces, tmp_path_factory):
    """What the editor showed for the bad INF with infcheck.interpreter set to this test's Python."""
    root = tmp_path_factory.mktemp("vscode-e2e")
    screenshot = root / "vscode.png"
    seen = _run_in_editor(
        root,
        sys.executable,
        {
            "scenario": "diagnostics",
            "hoverLine": HOVER_LINE,
            "hoverColumn": HOVER_COLUMN,
            "screenshot": str(screenshot),
            "edit": EDIT,
        },
    )
    for copy in (SCREENSHOT, README_SCREENSHOT):
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(screenshot, copy)
    return seen


@pytest.fixture(scope="module")
def python_without_infcheck(tmp_path_factory) -> Path:
    """A virtual environment of this Python with nothing installed in it."""
    folder = tmp_path_factory.mktemp("bare-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / "bin" / "python"
    # Run from the venv's folder: from the clone, `import infcheck` would find the source tree.
    assert subprocess.run([str(python), "-c", "import infcheck"], capture_output=True, cwd=folder).returncode == 1
    return python


@pytest.fixture(scope="module")
def missing_infcheck_session(pieces, python_without_infcheck, tmp_path_factory):
    """The editor started with a Python that lacks infcheck, then given one that has it."""
    root = tmp_path_factory.mktemp("vscode-e2e-preflight")
    return _run_in_editor(
        root,
        str(python_without_infcheck),
        {
            "scenario": "missing-infcheck",
            "fixedSettings": {"infcheck.interpreter": sys.executable},
        },
    )


# Names the language server or Python would import, each a package or module in the hostile
# workspace that leaves a file of its name in a folder outside the workspace when imported.
HOSTILE_PACKAGES = ("infcheck", "lsp_server", "lark", "pygls")
HOSTILE_MODULES = ("runpy", "sitecustomize")
WORKSPACE_PYTHON = "python-in-workspace"


@pytest.fixture(scope="module")
def restricted_session(pieces, tmp_path_factory):
    """A hostile workspace opened untrusted, then trusted.

    Its settings name its own interpreter, a script that leaves a marker and runs this
    test's Python; the user's settings name this test's Python.
    """
    root = tmp_path_factory.mktemp("vscode-e2e-restricted")
    workspace, markers = root / "workspace", root / "markers"
    workspace.mkdir()
    markers.mkdir()
    for name in HOSTILE_PACKAGES:
        (workspace / name).mkdir()
        for module in ("__init__", "__main__"):
            (workspace / name / f"{module}.py").write_text(f"open({str(markers / name)!r}, 'w').close()\n")
    for name in HOSTILE_MODULES:
        (workspace / f"{name}.py").write_text(f"open({str(markers / name)!r}, 'w').close()\n")
    script = workspace / WORKSPACE_PYTHON
    script.write_text(f'#!/bin/sh\n: > "{markers / WORKSPACE_PYTHON}"\nexec "{sys.executable}" "$@"\n')
    script.chmod(0o755)
    seen = _run_in_editor(
        root, f"./{WORKSPACE_PYTHON}", {"scenario": "restricted", "markersPath": str(markers)}, restricted=True
    )
    seen["markersAtEnd"] = sorted(path.name for path in markers.iterdir())
    return seen


def _problem_rows(seen: dict) -> list[tuple[str, int, int]]:
    rows = []
    for problem in seen["problems"]:
        position = POSITION_PATTERN.search(problem["text"])
        code = CODE_PATTERN.search(problem["text"])
        if position and code:
            rows.append((code.group(0), int(position.group(1)), int(position.group(2))))
    return rows


def test_the_editor_knows_the_inf_language(editor_session):
    assert editor_session["languageMode"] == "INF"


def test_problems_panel_lists_each_diagnostic_with_code_line_and_column(editor_session):
    assert sorted(_problem_rows(editor_session)) == EXPECTED_PROBLEMS
    # Every row with a position is one of those three: nothing else reported, nothing twice.
    positioned = [p for p in editor_session["problems"] if POSITION_PATTERN.search(p["text"])]
    assert len(positioned) == len(EXPECTED_PROBLEMS)


def test_problem_rows_are_errors_from_infcheck(editor_session):
    positioned = [p for p in editor_session["problems"] if POSITION_PATTERN.search(p["text"])]
    assert [p["label"].startswith("Error: ") for p in positioned] == [True] * len(EXPECTED_PROBLEMS)
    assert [p["label"].endswith(" generated by infcheck") for p in positioned] == [True] * len(EXPECTED_PROBLEMS)


def test_problems_panel_agrees_with_the_command_line(editor_session):
    # The package and repository rules judge the folder on disk and never run in the editor.
    cli = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--format", "json", "--ignore", "PKG,REPO", FILE_NAME],
        capture_output=True,
        text=True,
        cwd=editor_session["workspace"],
        timeout=60,
    )
    assert cli.returncode == 1, cli.stderr
    from_cli = sorted((item["code"], item["line"], item["column"]) for item in json.loads(cli.stdout))
    assert sorted(_problem_rows(editor_session)) == from_cli


def test_problem_rows_carry_the_server_messages(editor_session):
    texts = " | ".join(p["text"] for p in editor_session["problems"])
    assert "DriverVer date '13/01/2026' does not exist" in texts
    assert "%DeviceName% is not defined in [Strings]" in texts
    assert "hardware ID 'PCI\\VEN_8086&DEV_1234' names only vendor and device" in texts


def test_hover_decodes_the_hardware_id(editor_session):
    hover = editor_session["hover"]
    assert "PCI\\VEN_8086&DEV_1234 (hardware ID)" in hover
    assert "bus enumerator PCI" in hover
    assert "DEV_1234: device ID 1234" in hover
    vendor_line = "VEN_8086: vendor ID 8086"
    if PCI_IDS.exists():
        # The vendor's name comes from the system's pci.ids, as the issue asks.
        vendor_line += f" ({_pci_vendor_name('8086')})"
    assert vendor_line in hover
    # The cursor is on PUB004's range too, so the server adds the rule's summary.
    assert "PUB004 two-part-hwid: " in hover


def _pci_vendor_name(vendor: str) -> str:
    for line in PCI_IDS.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(vendor + "  "):
            return line[len(vendor) + 2 :].strip()
    raise AssertionError(f"{PCI_IDS} has no vendor {vendor}")


def test_screenshot_was_saved(editor_session):
    with SCREENSHOT.open("rb") as image:
        assert image.read(8) == b"\x89PNG\r\n\x1a\n"
    assert SCREENSHOT.stat().st_size > 20_000


def test_a_python_without_infcheck_gets_a_message_saying_what_to_do(missing_infcheck_session, python_without_infcheck):
    message = missing_infcheck_session["message"]
    version = ".".join(str(part) for part in sys.version_info[:3])
    assert message.startswith(
        f"infcheck is not installed in {python_without_infcheck} (Python {version}, from the infcheck.interpreter setting)."
    ), message
    assert "or set infcheck.interpreter to a Python that has it." in message
    assert missing_infcheck_session["buttons"] == ["Open Settings", "Show Output"]
    assert missing_infcheck_session["squigglesBeforeFix"] == 0


def test_pointing_the_setting_at_a_python_with_infcheck_starts_the_server(missing_infcheck_session):
    assert missing_infcheck_session["languageMode"] == "INF"
    assert sorted(_problem_rows(missing_infcheck_session)) == EXPECTED_PROBLEMS


def test_restart_command_starts_a_new_server_that_reports_again(editor_session):
    restart = editor_session["restart"]
    assert (restart["startsBefore"], restart["startsAfter"]) == (1, 2)
    assert sorted(_problem_rows(restart)) == EXPECTED_PROBLEMS


def test_typing_a_fix_clears_its_diagnostic_without_saving(editor_session):
    assert sorted(_problem_rows({"problems": editor_session["afterEdit"]})) == [("INF103", 8, 15), ("INF201", 15, 1)]


def test_restricted_mode_still_shows_diagnostics(restricted_session):
    assert restricted_session["restrictedMode"] is True
    assert restricted_session["languageMode"] == "INF"
    assert sorted(_problem_rows(restricted_session)) == EXPECTED_PROBLEMS


def test_restricted_mode_runs_nothing_from_the_workspace(restricted_session):
    # Neither its packages nor the interpreter its settings name: the user's Python ran instead.
    assert restricted_session["markers"] == []
    log = restricted_session["log"]
    assert "Restricted Mode: the workspace's infcheck.interpreter is ignored" in log
    assert f"{sys.executable} (the infcheck.interpreter setting): Python " in log


def test_trusting_the_workspace_restarts_with_its_interpreter_and_still_imports_nothing_of_it(restricted_session):
    trusted = restricted_session["trusted"]
    assert trusted["restrictedMode"] is False
    assert (trusted["startsBefore"], trusted["startsAfter"]) == (1, 2)
    assert sorted(_problem_rows(trusted)) == EXPECTED_PROBLEMS
    # Trusted, the workspace may pick the interpreter; its folders are still not on the import path.
    assert trusted["markers"] == restricted_session["markersAtEnd"] == [WORKSPACE_PYTHON]
