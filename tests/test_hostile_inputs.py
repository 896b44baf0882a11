"""Hostile and broken input, each with its defined outcome, through the real command line.

Every case runs ``python -m infcheck check`` as a subprocess and asserts the
exact diagnostics (``--format json``) or the exact one-line error with exit
status 2, and that standard error holds no traceback. The large inputs are
generated in a temporary folder; their guards compare two sizes in the same
run, so they hold on a slow or busy machine too.
"""

from __future__ import annotations

import codecs
import ctypes
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import diagnostics_for

from infcheck.index import Index
from infcheck.parse import parse_bytes

# A valid [Version] section, so that what a case reports is about the case alone.
VERSION = '[Version]\r\nSignature = "$Windows NT$"\r\nCatalogFile = a.cat\r\n'

# Far above what any case here needs (the 50 MB file takes about 20 s on a busy
# two-core machine); reaching it means a hang.
HANG_SECONDS = 300


def run_check(*args: str, cwd: Path, preexec_fn=None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "-j", "1", *args],
        cwd=cwd,
        capture_output=True,
        timeout=HANG_SECONDS,
        preexec_fn=preexec_fn,
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    return result


def reported(*args: str, cwd: Path) -> tuple[int, list[tuple[str, int, int, str]]]:
    """Exit status and (path, line, column, code) of every diagnostic of a JSON run."""
    result = run_check("--format", "json", *args, cwd=cwd)
    rows = json.loads(result.stdout)
    return result.returncode, [(row["path"], row["line"], row["column"], row["code"]) for row in rows]


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return result.stderr.decode().splitlines()


# -- small damaged files -------------------------------------------------------------------


def test_an_empty_file_has_no_version_section(tmp_path):
    (tmp_path / "empty.inf").write_bytes(b"")
    assert reported("empty.inf", cwd=tmp_path) == (1, [("empty.inf", 1, 1, "INF101")])


def test_a_binary_file_named_inf_gets_only_the_encoding_error(tmp_path):
    (tmp_path / "driver.inf").write_bytes(bytes(range(256)) * 64)
    assert reported("driver.inf", cwd=tmp_path) == (1, [("driver.inf", 1, 1, "INF002")])


@pytest.mark.parametrize("padding", [0, 6000], ids=["nul-near-the-start", "nul-past-the-first-4-kb"])
def test_nul_bytes_in_an_ansi_file_make_it_binary_wherever_they_are(tmp_path, padding):
    text = VERSION + "; padding\r\n" * (padding // 11) + '[Strings]\r\nName = "abc'
    (tmp_path / "nul.inf").write_bytes(text.encode("cp1252") + b'\x00def"\r\n')
    assert reported("nul.inf", cwd=tmp_path) == (1, [("nul.inf", 1, 1, "INF002")])


def test_an_odd_number_of_bytes_in_utf16_is_reported_where_the_text_breaks_off(tmp_path):
    data = codecs.BOM_UTF16_LE + VERSION.encode("utf-16-le") + b"A"
    (tmp_path / "odd.inf").write_bytes(data)
    assert reported("odd.inf", cwd=tmp_path) == (1, [("odd.inf", 4, 1, "INF002")])


@pytest.mark.parametrize(
    ("codec", "bom", "surrogate"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE, b"\x00\xd8"),  # a high surrogate with no low one after it
        ("utf-16-le", codecs.BOM_UTF16_LE, b"\x00\xdc"),  # a low surrogate with no high one before it
        ("utf-16-be", codecs.BOM_UTF16_BE, b"\xd8\x00"),
    ],
    ids=["le-high", "le-low", "be-high"],
)
def test_an_unpaired_surrogate_is_reported_at_its_position(tmp_path, codec, bom, surrogate):
    data = bom + (VERSION + '[Strings]\r\nA = "').encode(codec) + surrogate + '"\r\n'.encode(codec)
    (tmp_path / "s.inf").write_bytes(data)
    assert reported("s.inf", cwd=tmp_path) == (1, [("s.inf", 5, 6, "INF002")])


def test_mixed_line_endings_each_end_one_line(tmp_path):
    text = '[Version]\r\nSignature = "$Windows NT$"\nCatalogFile = a.cat\r[Install]\r\n\n\rFeatureScore = xF6\n'
    (tmp_path / "mixed.inf").write_bytes(text.encode("cp1252"))
    assert reported("mixed.inf", "--select", "TGT006", cwd=tmp_path) == (1, [("mixed.inf", 7, 16, "TGT006")])


@pytest.mark.parametrize(
    ("bom", "codes"),
    [
        (codecs.BOM_UTF16_LE, ["INF101"]),
        (codecs.BOM_UTF16_BE, ["INF002", "INF101"]),
        (codecs.BOM_UTF8, ["INF002", "INF101"]),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-8"],
)
def test_a_byte_order_mark_alone_is_an_empty_file_in_that_encoding(tmp_path, bom, codes):
    (tmp_path / "bom.inf").write_bytes(bom)
    assert reported("bom.inf", cwd=tmp_path) == (1, [("bom.inf", 1, 1, code) for code in codes])


def test_an_odd_run_of_quotes_is_one_syntax_error_found_at_once(tmp_path):
    # The fuzzer's first finding: 47 quotes in a row took 37 s to reject, because the
    # run could be split into quoted strings in exponentially many ways.
    line = " " * 25 + '"' * 47 + " " * 20 + ";This one overrides the security set by the driver"
    (tmp_path / "quotes.inf").write_bytes((VERSION + "[Install]\r\n" + line + "\r\n").encode("cp1252"))
    assert reported("quotes.inf", cwd=tmp_path) == (1, [("quotes.inf", 5, 26, "INF001")])


def test_a_run_of_quotes_is_rejected_in_linear_time():
    def seconds(count: int) -> float:
        data = (VERSION + "[Install]\r\nA = " + '"' * count + " x\r\n").encode("cp1252")
        started = time.process_time()
        assert [d.code for d in diagnostics_for(data)] == ["INF001"]
        return time.process_time() - started

    seconds(101)  # the parser is built once, outside the measurement
    short, long = seconds(20_001), seconds(200_001)
    assert long < 25 * short + 1.0, f"20k quotes: {short:.3f} s, 200k quotes: {long:.3f} s"


# -- pathological structure ------------------------------------------------------------------


def continued_copy_files(lines: int) -> bytes:
    body = "CopyFiles = Files, \\\r\n" + "    Files, \\\r\n" * lines + "    Files\r\n"
    return (VERSION + "[Install]\r\n" + body + "[Files]\r\nx.sys\r\n").encode("cp1252")


def test_deeply_repeated_continuations_make_one_entry(tmp_path):
    (tmp_path / "continued.inf").write_bytes(continued_copy_files(30_000))
    assert reported("continued.inf", cwd=tmp_path) == (0, [])
    document = parse_bytes(continued_copy_files(30_000))
    [entry] = document.entries_in("install")
    assert len(entry.values) == 30_002
    assert tuple(entry.span) == (5, 1, 30_006, 10)


def test_deeply_repeated_continuations_are_checked_in_linear_time():
    def seconds(lines: int) -> float:
        data = continued_copy_files(lines)
        started = time.process_time()
        assert diagnostics_for(data) == []
        return time.process_time() - started

    short, long = seconds(5_000), seconds(50_000)
    assert long < 25 * short + 1.0, f"5k lines: {short:.3f} s, 50k lines: {long:.3f} s"


def test_thousands_of_sections_with_the_same_name_are_reported_once_on_the_first(tmp_path):
    sections = "".join(f"[Reg]\r\nHKR,,Value{number},0x00010001,1\r\n" for number in range(3000))
    (tmp_path / "same.inf").write_bytes((VERSION + sections).encode("cp1252"))
    result = run_check("--format", "json", "same.inf", cwd=tmp_path)
    rows = json.loads(result.stdout)
    assert result.returncode == 1
    assert [(row["line"], row["code"], row["message"]) for row in rows] == [
        (
            4,
            "INF004",
            "section [Reg] is defined again on lines 6, 8, 10, 12, 14 and 2994 more; merge the copies into one",
        )
    ]


def test_percent_tokens_that_refer_to_each_other_are_replaced_once(tmp_path):
    text = VERSION + 'Provider = %A%\r\n[Strings]\r\nA = %B%\r\nB = %A%\r\nC = "%C%"\r\n'
    (tmp_path / "tokens.inf").write_bytes(text.encode("cp1252"))
    assert reported("tokens.inf", cwd=tmp_path) == (0, [])
    # Windows substitutes a token once and never expands the result again, so a cycle is harmless.
    document = parse_bytes(text.encode("cp1252"))
    assert [value.resolved for value in Index(document).version.get("provider").values] == ["%B%"]


# -- paths that are not plain files ------------------------------------------------------------


def clean_inf(folder: Path, name: str = "a.inf") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes((VERSION + "[Install]\r\nFeatureScore = xF6\r\n").encode("cp1252"))
    return path


def test_a_directory_named_like_an_inf_file_is_searched_not_read(tmp_path):
    (tmp_path / "x.inf").mkdir()
    assert reported("x.inf", cwd=tmp_path) == (0, [])
    result = run_check("x.inf", cwd=tmp_path)
    assert error_lines(result) == ["infcheck: warning: no INF, INX or plan files found in x.inf"]
    clean_inf(tmp_path / "x.inf", "inner.inf")
    assert reported(".", "--select", "TGT006", cwd=tmp_path) == (1, [("x.inf/inner.inf", 5, 16, "TGT006")])


def _without_file_permission_override() -> None:
    """In the child, before exec: root reads any file whatever its mode, unless the
    capabilities that let it are dropped from the bounding set (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    capability_bounding_set_drop = 24  # PR_CAPBSET_DROP
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(capability_bounding_set_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(sys.platform == "win32", reason="file modes do not make a file unreadable on Windows")
def test_an_unreadable_file_is_one_error_and_the_others_are_still_checked(tmp_path):
    clean_inf(tmp_path)
    secret = clean_inf(tmp_path, "secret.inf")
    secret.chmod(0)
    preexec = _without_file_permission_override if os.geteuid() == 0 else None
    probe = subprocess.run(
        [sys.executable, "-c", "open('secret.inf', 'rb')"], cwd=tmp_path, capture_output=True, preexec_fn=preexec
    )
    if probe.returncode == 0:
        pytest.skip("this process may read any file, whatever its mode")
    result = run_check("--format", "json", "--select", "TGT006", ".", cwd=tmp_path, preexec_fn=preexec)
    assert result.returncode == 2
    assert [(row["path"], row["code"]) for row in json.loads(result.stdout)] == [("a.inf", "TGT006")]
    assert error_lines(result) == ["infcheck: secret.inf: cannot read: Permission denied"]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_symbolic_link_loops_in_a_scanned_tree_end_and_are_named(tmp_path):
    tree = tmp_path / "tree"
    clean_inf(tree / "sub")
    (tree / "sub" / "up").symlink_to("..")  # a folder loop: never followed
    (tree / "self").symlink_to(".")
    (tree / "first.inf").symlink_to("second.inf")  # a file loop: named, not followed for ever
    (tree / "second.inf").symlink_to("first.inf")
    result = run_check("--format", "json", "--select", "TGT006", "tree", cwd=tmp_path)
    assert result.returncode == 2
    assert [(row["path"], row["code"]) for row in json.loads(result.stdout)] == [("tree/sub/a.inf", "TGT006")]
    assert error_lines(result) == [
        "infcheck: tree/first.inf: cannot read: Too many levels of symbolic links",
        "infcheck: tree/second.inf: cannot read: Too many levels of symbolic links",
    ]


def test_a_path_given_twice_is_checked_once(tmp_path):
    clean_inf(tmp_path / "drivers")
    status, found = reported(
        "drivers/a.inf", "drivers/a.inf", "./drivers/a.inf", "drivers", "--select", "TGT006", cwd=tmp_path
    )
    assert (status, found) == (1, [("drivers/a.inf", 5, 16, "TGT006")])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_called_inf_is_refused_instead_of_read_for_ever(tmp_path):
    clean_inf(tmp_path)
    os.mkfifo(tmp_path / "pipe.inf")
    given = run_check("pipe.inf", cwd=tmp_path)
    assert (given.returncode, error_lines(given)) == (2, ["infcheck: pipe.inf: not a regular file"])
    walked = run_check("--format", "json", "--select", "TGT006", ".", cwd=tmp_path)
    assert walked.returncode == 2
    assert [(row["path"], row["code"]) for row in json.loads(walked.stdout)] == [("a.inf", "TGT006")]
    assert error_lines(walked) == ["infcheck: pipe.inf: not a regular file"]


# -- size: time and memory stay linear ---------------------------------------------------------

# Runs the real command line and then reports the process's peak memory and processor time on
# the last line of standard error: figures of this one check, whatever else the machine is doing.
# Linux's VmHWM is the peak of this program alone; ru_maxrss would also count the test process,
# whose memory the child shares until it starts Python.
_MEASURED_CHECK = """
import re, resource, sys
from infcheck.cli import main
status = main(["check", "-j", "1", "-q", "--format", "json", *sys.argv[1:]])
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss
try:
    with open("/proc/self/status", encoding="ascii") as status_file:
        peak = int(re.search(r"VmHWM:\\s*(\\d+) kB", status_file.read()).group(1))
except OSError:
    pass
sys.stderr.write(f"peak-kb {peak} cpu-s {usage.ru_utime + usage.ru_stime}\\n")
sys.exit(status)
"""


def measured_check(path: Path) -> tuple[int, list, float, int]:
    """Exit status, JSON report, processor seconds and peak memory (bytes) of checking ``path`` in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED_CHECK, path.name], cwd=path.parent, capture_output=True, timeout=HANG_SECONDS
    )
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert stderr.startswith("peak-kb "), f"status {result.returncode}: {stderr}"
    _, kilobytes, _, seconds = stderr.split()
    return result.returncode, json.loads(result.stdout), float(seconds), int(kilobytes) * 1024


def registry_inf(size: int) -> bytes:
    """A well-formed INF of about ``size`` bytes: a driver package with a long [Reg] section."""
    head = (
        VERSION + "Class = Sensor\r\nClassGuid = {5175d334-c371-4806-b3ba-71fd53c9258d}\r\nProvider = %Mfg%\r\n"
        "DriverVer = 06/01/2026,1.0.0.0\r\n[Manufacturer]\r\n%Mfg% = Contoso, NTamd64\r\n[Contoso.NTamd64]\r\n"
        "%Dev% = Install, PCI\\VEN_8086&DEV_1234&SUBSYS_00011028\r\n[Install.NT]\r\nCopyFiles = Files\r\n"
        'AddReg = Reg\r\n[Files]\r\nx.sys\r\n[Strings]\r\nMfg = "Contoso"\r\nDev = "Device"\r\n[Reg]\r\n'
    )
    line = 'HKR,,Value%08d,0x00010001,"%%Dev%% and some text" ; a comment\r\n'
    count = (size - len(head)) // len(line % 0)
    return (head + "".join(line % number for number in range(count))).encode("cp1252")


def single_line_inf(size: int) -> bytes:
    """An INF whose last line alone is about ``size`` bytes: one entry with a great many values."""
    unit = "Value1, "
    return (VERSION + "[Reg]\r\nHKR,,Big,0x00010000," + unit * (size // len(unit)) + "\r\n").encode("cp1252")


def assert_linear(small: tuple[float, int], large: tuple[float, int], factor: int, what: str) -> None:
    """The large input (``factor`` times the small one) costs at most a generous multiple of
    ``factor`` times the small one, in time and in memory above the interpreter's own."""
    (small_seconds, small_memory), (large_seconds, large_memory) = small, large
    assert large_seconds < 2.5 * factor * small_seconds + 2.0, (
        f"{what}: {small_seconds:.1f} s, then {large_seconds:.1f} s"
    )
    if sys.platform != "darwin":  # ru_maxrss is in bytes there, not kilobytes
        assert large_memory < 2.5 * factor * small_memory, (
            f"{what}: {small_memory >> 20} MB, then {large_memory >> 20} MB"
        )


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the memory figure comes from the resource module")
def test_a_50_mb_inf_is_checked_in_linear_time_and_memory(tmp_path):
    megabyte = 1_000_000
    figures = []
    for size in (5 * megabyte, 50 * megabyte):
        path = tmp_path / f"big{size}.inf"
        path.write_bytes(registry_inf(size))
        status, rows, seconds, memory = measured_check(path)
        assert (status, rows) == (0, [])
        # Memory is bounded by a small multiple of the file: text, document model, index.
        assert memory < 100 * 1024 * 1024 + 12 * size, f"{size} bytes took {memory >> 20} MB"
        figures.append((seconds, memory))
        path.unlink()
    assert_linear(figures[0], figures[1], 10, "5 MB, then 50 MB")


@pytest.mark.skipif(sys.platform == "win32", reason="the memory figure comes from the resource module")
def test_a_10_mb_single_line_is_checked_in_linear_time_and_memory(tmp_path):
    megabyte = 1_000_000
    figures = []
    for size in (megabyte, 10 * megabyte):
        path = tmp_path / f"line{size}.inf"
        path.write_bytes(single_line_inf(size))
        status, rows, seconds, memory = measured_check(path)
        assert (status, rows) == (0, [])
        figures.append((seconds, memory))
    assert_linear(figures[0], figures[1], 10, "a 1 MB line, then a 10 MB line")


# -- a bug in infcheck itself ------------------------------------------------------------------


def run_with_a_bug(bug: str, *args: str, cwd: Path, environment: dict | None = None) -> subprocess.CompletedProcess:
    """The command line in a process where ``bug`` (Python source) broke part of infcheck first."""
    program = f"import sys\n{bug}\nfrom infcheck.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", program, *args], cwd=cwd, capture_output=True, timeout=120, env=environment
    )


def test_a_crash_on_one_file_is_one_line_and_the_other_files_are_still_checked(tmp_path):
    clean_inf(tmp_path)
    (tmp_path / "b.inf").write_bytes(b"[Version]\r\nSignature = BOOM\r\n")
    bug = (
        "import infcheck.parse as parse\n"
        "real = parse.parse_bytes\n"
        "def parse_bytes(data, path):\n"
        "    if b'BOOM' in data:\n"
        "        raise RecursionError('maximum recursion depth exceeded\\nwhile parsing')\n"
        "    return real(data, path)\n"
        "parse.parse_bytes = parse_bytes\n"
    )
    result = run_with_a_bug(bug, "check", "-j", "1", "--format", "json", "--select", "TGT006", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert [(row["path"], row["code"]) for row in json.loads(result.stdout)] == [("a.inf", "TGT006")]
    assert result.stderr.decode().splitlines() == [
        "infcheck: internal error: b.inf: RecursionError: maximum recursion depth exceeded (please report it)"
    ]


def test_a_crash_outside_any_file_is_one_line_unless_the_traceback_is_asked_for(tmp_path):
    clean_inf(tmp_path)
    bug = "import infcheck.output as output\noutput.renderer = lambda name: 1 / 0\n"
    result = run_with_a_bug(bug, "check", "a.inf", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "infcheck: internal error: ZeroDivisionError: division by zero (set INFCHECK_TRACEBACK=1 to see where)"
    ]
    shown = run_with_a_bug(bug, "check", "a.inf", cwd=tmp_path, environment={**os.environ, "INFCHECK_TRACEBACK": "1"})
    assert shown.returncode == 1 and b"Traceback" in shown.stderr and b"ZeroDivisionError" in shown.stderr


# -- a hostile configuration file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"select = " + b"[" * 3000 + b"]" * 3000 + b"\n",
            ":1: arrays or inline tables are nested more than 64 deep; infcheck reads at most 64 levels",
        ),
        (b"select = ['\xe7\x00']\n", " is not valid TOML: it is not UTF-8 text (byte 12)"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), " is not valid TOML: it is not UTF-8 text (byte 1)"),
    ],
    ids=["deeply-nested", "not-utf-8", "binary"],
)
def test_a_hostile_configuration_file_is_one_error_line(tmp_path, content, message):
    clean_inf(tmp_path / "drivers")
    (tmp_path / "drivers" / "infcheck.toml").write_bytes(content)
    found = run_check("drivers", cwd=tmp_path)
    given = run_check("drivers/a.inf", "--config", "drivers/infcheck.toml", cwd=tmp_path)
    assert (found.returncode, given.returncode) == (2, 2)
    assert error_lines(found) == [f"infcheck: {tmp_path / 'drivers' / 'infcheck.toml'}{message}"]
    assert error_lines(given) == [f"infcheck: drivers/infcheck.toml{message}"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names there are Unicode, not bytes")
def test_a_file_name_that_is_not_utf8_is_reported_escaped_and_exactly(tmp_path):
    name = b"caf\xe9.inf"  # Latin-1, as an old archive might hold it
    inf = clean_inf(tmp_path)
    os.rename(inf, os.path.join(os.fsencode(tmp_path), name))
    strict = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "-j", "1", "-q", "--select", "TGT006", "."],
        cwd=tmp_path,
        capture_output=True,
        timeout=HANG_SECONDS,
        env=strict,
    )
    assert (result.returncode, result.stderr) == (1, b"")
    # Shown with the byte escaped, so every report is valid UTF-8 ...
    assert (
        result.stdout
        == b"caf\\xe9.inf:5:16: TGT006 [error] FeatureScore 'xF6' is not written dd or 0xdd (two hex digits)\n"
    )
    written = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "-j", "1", "--format", "json", "--output", "report.json", "."],
        cwd=tmp_path,
        capture_output=True,
        timeout=HANG_SECONDS,
        env=strict,
    )
    assert written.returncode == 1 and b"Traceback" not in written.stderr
    # ... and named exactly in JSON, where the escape gives the original bytes back.
    rows = json.loads((tmp_path / "report.json").read_bytes().decode("utf-8"))
    assert {os.fsencode(row["path"]) for row in rows} == {name}


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names there are Unicode, not bytes")
def test_staged_files_with_awkward_names_are_all_checked(tmp_path):
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    git = lambda *args: subprocess.run(["git", *args], cwd=tmp_path, capture_output=True, check=True)
    git("init", "-q", ".")
    names = [b"caf\xe9.inf", b"new\nline.inf", b"sp ace.inf"]
    for name in names:
        os.rename(clean_inf(tmp_path), os.path.join(os.fsencode(tmp_path), name))
    git("add", "-A")
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--staged", "-q", "--select", "TGT006"],
        cwd=tmp_path,
        capture_output=True,
        timeout=HANG_SECONDS,
    )
    assert (result.returncode, result.stderr) == (1, b"")
    message = b":5:16: TGT006 [error] FeatureScore 'xF6' is not written dd or 0xdd (two hex digits)\n"
    shown = [b"caf\\xe9.inf", b"new\\nline.inf", b"sp ace.inf"]  # escaped, one report line each
    assert result.stdout == b"".join(name + message for name in shown)
