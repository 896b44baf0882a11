"""EDK2 module files: recognised before the Windows parser runs and left unchecked, on the command
line, in the staged-files hook and in the language server; a Windows INF beside them is still checked."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from infcheck.edk2 import edk2_module_reason, edk2_module_reason_of
from infcheck.runner import CheckOptions, check_paths, check_staged

EDK2 = FIXTURES / "edk2"
MODULE_FILES = sorted(path for path in EDK2.rglob("*.inf") if path.name != "capsule.inf")

DXE = """## @file
[Defines]
  INF_VERSION = 0x00010005
  BASE_NAME   = Sample
[Sources]
  Sample.c
"""


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (DXE, "its first section is [Defines] with INF_VERSION"),
        (
            "[Defines]\nBASE_NAME = A\nMODULE_TYPE = BASE\n",
            "its first section is [Defines] with BASE_NAME and MODULE_TYPE",
        ),
        (
            "# c\n[defines]\nBASE_NAME = A\nCOMPONENT_TYPE = BS_DRIVER\n",
            "its first section is [Defines] with BASE_NAME and COMPONENT_TYPE",
        ),
        (
            "[Defines]\r\nBASE_NAME = A\r\nFILE_GUID = 1\r\n",
            "its first section is [Defines] with BASE_NAME and FILE_GUID",
        ),
    ],
)
def test_module_files_are_recognised(text: str, reason: str):
    assert edk2_module_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        DXE + '[Version]\nSignature = "$Windows NT$"\n',  # a [Version] section: always a Windows INF
        "[ version ]\n[Defines]\nINF_VERSION = 1\n",
        "[Strings]\n[Defines]\nINF_VERSION = 1\n",  # [Defines] is not the first section
        "[Defines]\nBASE_NAME = A\n",  # BASE_NAME alone says nothing
        "[Defines]\nMODULE_TYPE = BASE\n[Sources]\nINF_VERSION = 1\n",  # INF_VERSION outside [Defines]
        "Signature = x\n[Defines]\nINF_VERSION = 1\n",  # text before the first section
        "",
    ],
)
def test_other_files_are_checked(text: str):
    assert edk2_module_reason(text) is None


def test_recognised_in_utf16_and_cheaply_refused_without_defines():
    data = codecs.BOM_UTF16_LE + DXE.encode("utf-16-le")
    assert edk2_module_reason_of(data) == "its first section is [Defines] with INF_VERSION"
    assert edk2_module_reason_of(b'[Version]\nSignature="$Windows NT$"\n') is None


def test_the_fixture_module_files_are_all_recognised():
    assert len(MODULE_FILES) == 4
    assert all(edk2_module_reason_of(path.read_bytes()) is not None for path in MODULE_FILES)


def test_a_folder_of_module_files_gives_no_findings_and_a_windows_inf_beside_them_is_checked():
    run = check_paths([str(EDK2)], CheckOptions(jobs=1))
    assert sorted(path for path, _ in run.skipped) == sorted(path.as_posix() for path in MODULE_FILES)
    assert [result.path for result in run.files] == [(EDK2 / "Platform" / "Capsule" / "capsule.inf").as_posix()]
    assert [(d.span.line, d.span.column, d.code) for d in run.diagnostics] == [(16, 35, "TGT005")]


def _infcheck(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infcheck", *arguments], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_the_command_line_says_how_many_were_skipped_and_lists_them_with_v():
    quiet = _infcheck("check", "MdeModulePkg", "MdePkg", "EdkCompatibility", cwd=EDK2)
    assert quiet.returncode == 0
    assert quiet.stdout == ""
    assert (
        quiet.stderr == "infcheck: skipped 3 EDK2 module files (firmware build descriptions, not Windows INF files)\n"
    )
    listed = _infcheck("check", "-v", "EdkCompatibility/LegacyComponent.inf", cwd=EDK2)
    assert listed.stderr.splitlines() == [
        "infcheck: EdkCompatibility/LegacyComponent.inf: skipped: an EDK2 module file (a firmware build "
        "description, not a Windows INF): its first section is [Defines] with BASE_NAME and COMPONENT_TYPE",
        "infcheck: skipped 1 EDK2 module file (firmware build descriptions, not Windows INF files)",
    ]


def test_the_staged_files_hook_skips_them_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def git(*arguments: str) -> None:
        subprocess.run(["git", *arguments], cwd=tmp_path, check=True, capture_output=True, timeout=120)

    git("init", "-q")
    (tmp_path / "SampleDxe.inf").write_bytes(MODULE_FILES[0].read_bytes())
    (tmp_path / "capsule.inf").write_bytes((EDK2 / "Platform" / "Capsule" / "capsule.inf").read_bytes())
    git("add", ".")
    monkeypatch.chdir(tmp_path)
    run = check_staged(CheckOptions())
    assert [path for path, _ in run.skipped] == ["SampleDxe.inf"]
    assert [result.path for result in run.files] == ["capsule.inf"]


def test_standard_input_is_skipped_the_same_way():
    source = MODULE_FILES[0].read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--stdin-filename", "Module.inf", "--fix"],
        input=source,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stdout == source  # --fix on standard input gives the content back, untouched
    assert result.stderr.decode().endswith(
        "skipped 1 EDK2 module file (firmware build descriptions, not Windows INF files)\n"
    )
