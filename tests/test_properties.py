"""Property tests: generated INF-shaped files, in every encoding, through every stage of a check.

The promises asserted for each input are the shared oracle's
(``tests/fuzz/oracle.py``): nothing raises, decoding is lossless unless the
file is marked damaged, every span is a valid range of the decoded text,
parsing and checking are deterministic, each rule reports the same alone as
among the others, and fixes change only their own bytes. Each input must
also be checked within :data:`SECONDS_PER_INPUT`.

The example budget comes from a Hypothesis settings profile chosen by the
``INFCHECK_HYPOTHESIS_PROFILE`` environment variable: ``ci`` (the default,
a modest budget) or ``long`` (forty times more, for a run on demand)::

    INFCHECK_HYPOTHESIS_PROFILE=long python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import os
import re
import time

import pytest
from conftest import CORPUS, FIXTURES
from fuzz import build_corpus
from fuzz.encodings import NEWLINES, STORAGES, store
from fuzz.fuzz_check import fuzz_one_input
from fuzz.oracle import (
    ALL_RULES,
    assert_valid_span,
    check_diagnostics,
    check_spans,
    check_structure,
    exercise,
    fingerprint,
    physical_lines,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from infcheck.decode import ANSI, UTF8, UTF16_BE, UTF16_LE, decode
from infcheck.engine import check_document
from infcheck.parse import parse_text
from infcheck.publish.plan import parse_plan

# -- budget -----------------------------------------------------------------------------

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("infcheck-ci", max_examples=100, deadline=None, suppress_health_check=_QUIET, print_blob=True)
settings.register_profile(
    "infcheck-long", max_examples=4000, deadline=None, suppress_health_check=_QUIET, print_blob=True
)

PROFILE_VARIABLE = "INFCHECK_HYPOTHESIS_PROFILE"
_chosen = os.environ.get(PROFILE_VARIABLE, "ci")
if _chosen not in ("ci", "long"):
    raise pytest.UsageError(f"{PROFILE_VARIABLE}={_chosen!r}: use 'ci' or 'long'")
PROFILE = settings.get_profile(f"infcheck-{_chosen}")

# Generated files are a few kilobytes; a check takes milliseconds. Far above that
# is a hang or a blow-up, whatever the machine is doing meanwhile.
SECONDS_PER_INPUT = 5.0


def budget(weight: float) -> settings:
    """The chosen profile with ``weight`` times its number of examples."""
    return settings(PROFILE, max_examples=max(1, round(PROFILE.max_examples * weight)))


def exercise_in_time(data: bytes) -> list:
    # Processor time, not wall time: a busy machine stalling this process is not a slow check.
    started = time.process_time()
    diagnostics = exercise(data)
    elapsed = time.process_time() - started
    assert elapsed < SECONDS_PER_INPUT, f"{len(data)} bytes took {elapsed:.1f} s of processor time to check"
    return diagnostics


# -- INF-shaped text --------------------------------------------------------------------

SECTION_BASES = [
    "Version",
    "Manufacturer",
    "Strings",
    "TargetComputers",
    "Contoso",
    "Contoso_Install",
    "Firmware_Install",
    "SourceDisksFiles",
    "SourceDisksNames",
    "DestinationDirs",
    "DefaultInstall",
    "Reg",
    "Files",
    "Strings.0407",
]
DECORATIONS = [
    "",
    ".NT",
    ".NTamd64",
    ".NTx86",
    ".NTarm64",
    ".NTia64",
    ".NT.HW",
    ".NT.Services",
    ".NTamd64.10.0...19041",
    ".NTamd64.10.0.1.2",
    ".NT$ARCH$",
    ".AddReg",
    ".0409",
]
KEYS = [
    "Signature",
    "Class",
    "ClassGuid",
    "Provider",
    "DriverVer",
    "CatalogFile",
    "CatalogFile.NTamd64",
    "PnpLockdown",
    "CopyFiles",
    "AddReg",
    "AddService",
    "Needs",
    "Include",
    "FeatureScore",
    "%Mfg%",
    "%Dev%",
    "Mfg",
    "Dev",
    "A",
    "B",
    '"Quoted Key"',
    "HKR",
]
WORDS = [
    "$Windows NT$",
    "$Chicago$",
    "Sensor",
    "Firmware",
    "Extension",
    "Contoso",
    "Contoso_Install",
    "Firmware_Install",
    "NTamd64",
    "NTamd64.10.0...19041",
    "NTx86",
    "NTia64",
    "NT$ARCH$",
    "06/01/2026,1.0.0.0",
    "13/45/2026",
    "0.0.0.0",
    "{5175d334-c371-4806-b3ba-71fd53c9258d}",
    "{f2e7dd72-6468-4e36-b6f1-6488f42c1b52}",
    "{bad-guid",
    "c4159f74-3d2c-526f-b6d1-fe24a2fbc881",
    "{6de5d951-d755-576b-bd09-c5cf66b27234}",
    r"PCI\VEN_8086&DEV_1234",
    r"PCI\VEN_8086&DEV_1234&SUBSYS_00011028",
    r"PCI\CC_0300",
    r"PCI\VEN_FFFF&DEV_0001",
    r"USB\VID_045E",
    r"USB\VID_045E&PID_0001",
    r"USB\Class_01&SubClass_01",
    "*PNP0C14",
    r"ACPI\PNP0A08",
    r"HDAUDIO\FUNC_01&VEN_10EC&DEV_0889",
    r"BTHENUM\{0000111e-0000-1000-8000-00805f9b34fb}",
    r"ROOT\Contoso",
    r"UEFI\RES_{4a9c5b2e-7f31-4d5a-9c61-2b8e0f3d1a77}",
    "F6",
    "xF6",
    "0x20",
    "246",
    "0x00010001",
    "x.sys",
    "@x.sys",
    "13",
    r"%13%\firmware.bin",
    "HKR",
    "",
    "é",
    "Gerät",
    "\u4e2d\u6587",
    "\U0001f600",
]
TOKEN_NAMES = ["Mfg", "Dev", "A", "B", "Undefined", "13", ""]

blanks = st.sampled_from(["", "", " ", "  ", "\t", " \t "])
junk = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
comment = st.builds(lambda text: ";" + text, st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=20))


@st.composite
def quoted(draw) -> str:
    inner = draw(st.lists(st.sampled_from(WORDS + ["a, b", "x ; y", "%Dev%", "%%", "\\"]), max_size=3))
    return '"' + '""'.join(inner) + '"'


def token(name: str) -> str:
    return f"%{name}%"


value = st.one_of(
    st.sampled_from(WORDS),
    quoted(),
    st.sampled_from(TOKEN_NAMES).map(token),
    st.sampled_from(["%", "%%", "%Mfg", "a%b", '"', "\\", "\\x", "\\ ;", "\x1a"]),
    junk.filter(lambda text: "\r" not in text and "\n" not in text),
)


@st.composite
def header_line(draw) -> str:
    name = draw(st.sampled_from(SECTION_BASES)) + draw(st.sampled_from(DECORATIONS))
    inside = draw(blanks) + name + draw(blanks)
    shape = draw(st.sampled_from(["plain", "comment", "trailing", "unclosed"]))
    if shape == "unclosed":
        return "[" + inside
    after = {"plain": "", "comment": " " + draw(comment), "trailing": " " + draw(st.sampled_from(WORDS))}[shape]
    return f"[{inside}]{after}"


@st.composite
def entry_line(draw, newline: str) -> str:
    """``key = value, ...`` or a bare value list, sometimes continued onto more lines with ``\\``."""
    values = draw(st.lists(value, min_size=1, max_size=5))
    pieces = [draw(blanks) + values[0]]
    for following in values[1:]:
        joint = draw(blanks) + ","
        if draw(st.integers(0, 4)) == 0:
            # A continuation: backslash, blanks, perhaps a comment, then the next physical line.
            tail = draw(blanks) + (draw(comment) if draw(st.booleans()) else "")
            joint += " \\" + tail + newline + draw(blanks)
        pieces.append(joint + draw(blanks) + following)
    body = "".join(pieces)
    if draw(st.booleans()):
        body = f"{draw(st.sampled_from(KEYS))}{draw(blanks)}={body}"
    if draw(st.integers(0, 5)) == 0:
        body += " " + draw(st.sampled_from(["; noqa", "; noqa: PUB004", "; noqa: TGT", "; comment", "\\"]))
    return body


@st.composite
def strings_section(draw) -> list[str]:
    """A [Strings] section whose values may name each other, in cycles too."""
    lines = ["[Strings]"]
    for name in draw(st.lists(st.sampled_from(TOKEN_NAMES[:4]), max_size=5)):
        target = draw(st.one_of(st.sampled_from(WORDS), st.sampled_from(TOKEN_NAMES).map(token), quoted()))
        lines.append(f"{name} = {target}")
    return lines


HARDWARE_IDS = [
    r"PCI\VEN_8086&DEV_1234",
    r"PCI\VEN_8086&DEV_1234&SUBSYS_00011028",
    r"PCI\VEN_8086&DEV_1234&SUBSYS_00011028&REV_01",
    r"PCI\CC_0300",
    r"PCI\VEN_FFFF&DEV_0001&SUBSYS_00011028",
    r"PCI\VEN_8086",
    r"USB\VID_045E",
    r"USB\VID_045E&PID_0001",
    r"USB\Class_01&SubClass_01",
    r"USB\VID_045E&PID_0001&MI_00",
    "*PNP0C14",
    r"ACPI\PNP0A08",
    r"ACPI\CTSO0001",
    r"HDAUDIO\FUNC_01&VEN_10EC&DEV_0889",
    r"HDAUDIO\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_10EC0889",
    r"BTHENUM\{0000111e-0000-1000-8000-00805f9b34fb}",
    r"BTHENUM\{0000111e-0000-1000-8000-00805f9b34fb}_VID&0001004c_PID&0001",
    r"ROOT\Contoso",
    r"SWD\Contoso",
    r"UEFI\RES_{4a9c5b2e-7f31-4d5a-9c61-2b8e0f3d1a77}",
    r"HID\VID_045E&PID_0001",
    r"HID_DEVICE_SYSTEM_MOUSE",
    "GENERIC_DEVICE",
    r"PCI\VEN_8086&DEV_" + "1" * 200,
    "%HwId%",
    '"PCI\\VEN_8086&DEV_1234&SUBSYS_00011028"',
    "",
]
TARGET_OS = [
    "NTamd64",
    "NTamd64.10.0...19041",
    "NTx86",
    "NTia64",
    "NTarm64.10.0...22000",
    "NT$ARCH$",
    "NTamd64.6.3",
    "NTAMD64",
    "ntx64",
]
CLASSES = [
    ("Sensor", "{5175d334-c371-4806-b3ba-71fd53c9258d}"),
    ("Firmware", "{f2e7dd72-6468-4e36-b6f1-6488f42c1b52}"),
    ("Sensor", "{f2e7dd72-6468-4e36-b6f1-6488f42c1b52}"),
    ("Extension", "{e2f84ce7-8efa-411c-aa69-97454ca4cb57}"),
]
CHIDS = [
    "{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}",
    "c4159f74-3d2c-526f-b6d1-fe24a2fbc881",
    "{C4159F74-3D2C-526F-B6D1-FE24A2FBC881}",
    "{6de5d951-d755-576b-bd09-c5cf66b27234}",
    "6de5d951-d755-576b-bd09-c5cf66b27234",
    "{6de5d951-d755}",
    "CHID = {x}",
    "{c4159f74-3d2c-526f-b6d1-fe24a2fbc881}, {6de5d951-d755-576b-bd09-c5cf66b27234}",
]


@st.composite
def package_block(draw) -> list[str]:
    """Sections that hang together the way a driver package's do: [Version], a [Manufacturer]
    line naming decorated Models sections, their device entries, the install sections they
    name, and [TargetComputers], so that the rules reading the index have something to read."""
    lines = []
    if draw(st.booleans()):
        class_name, class_guid = draw(st.sampled_from(CLASSES))
        lines += ["[Version]", 'Signature = "$Windows NT$"', f"Class = {class_name}", f"ClassGuid = {class_guid}"]
        lines += [
            f"DriverVer = {draw(st.sampled_from(['06/01/2026,1.0.0.0', '13/01/2026,1.0.0.0', '06/01/2026,0.0.0.0']))}"
        ]
        if draw(st.booleans()):
            lines.append(f"CatalogFile{draw(st.sampled_from(['', '.NTamd64', '.NTia64']))} = contoso.cat")
    models = draw(st.sampled_from(["Contoso", "%Mfg%", "Fabrikam"]))
    targets = draw(st.lists(st.sampled_from(TARGET_OS), max_size=3, unique=True))
    lines += ["[Manufacturer]", ", ".join([f"%Mfg% = {models}", *targets])]
    for target in [*targets, ""] if draw(st.booleans()) else targets or [""]:
        lines.append(f"[{models}{'.' + target if target else ''}]")
        for _ in range(draw(st.integers(1, 4))):
            ids = draw(st.lists(st.sampled_from(HARDWARE_IDS), min_size=1, max_size=3))
            lines.append(
                ", ".join([f"%Dev% = {draw(st.sampled_from(['Contoso_Install', 'Missing_Install', '%Inst%']))}", *ids])
            )
    install = draw(st.sampled_from(["Contoso_Install", "Contoso_Install.NT", "Contoso_Install.NTamd64"]))
    lines += [
        f"[{install}]",
        f"FeatureScore = {draw(st.sampled_from(['F6', 'xF6', '0xF6', '246', 'x1', '0x', '%Score%']))}",
    ]
    lines += [
        f"CopyFiles = {draw(st.sampled_from(['Files', 'NoSuchFiles', '@x.sys']))}",
        f"[{install}.HW]",
        "FeatureScore = 0x10",
    ]
    if draw(st.booleans()):
        lines += [f"[TargetComputers{draw(st.sampled_from(['', '', '.NTamd64']))}]"]
        lines += draw(st.lists(st.sampled_from(CHIDS), max_size=4))
    lines += [
        "[Strings]",
        'Mfg = "Contoso"',
        'Dev = "Device"',
        r'HwId = "PCI\VEN_8086&DEV_1234"',
        "Inst = Contoso_Install",
    ]
    return lines


@st.composite
def inf_text(draw) -> str:
    """A file that looks like an INF: headers, entries, comments, blank and junk lines,
    a [Strings] section, and one newline style or a mix of all three."""
    mixed = draw(st.booleans())
    newline = draw(st.sampled_from(NEWLINES))
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 20))):
        kind = draw(
            st.sampled_from(["header", "entry", "entry", "entry", "comment", "blank", "junk", "strings", "package"])
        )
        line_newline = draw(st.sampled_from(NEWLINES)) if mixed else newline
        if kind == "header":
            lines.append(draw(header_line()))
        elif kind == "entry":
            lines.append(draw(entry_line(line_newline)))
        elif kind == "comment":
            lines.append(draw(blanks) + draw(comment))
        elif kind == "blank":
            lines.append(draw(blanks))
        elif kind == "junk":
            lines.append(draw(junk))
        elif kind == "strings":
            lines.extend(draw(strings_section()))
        else:
            lines.extend(draw(package_block()))
    separators = [draw(st.sampled_from(NEWLINES)) if mixed else newline for _ in lines]
    ending = draw(st.sampled_from(["", newline, "\x1a"]))
    return (
        "".join(line + separator for line, separator in zip(lines, separators, strict=False)).removesuffix(newline)
        + ending
    )


@st.composite
def mangled(draw, data: bytes) -> bytes:
    """``data`` with a few bytes inserted, deleted or overwritten."""
    buffer = bytearray(data)
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(buffer)))
        replacement = draw(st.binary(max_size=3))
        buffer[position : position + draw(st.integers(0, 3))] = replacement
    return bytes(buffer)


@st.composite
def inf_files(draw) -> bytes:
    """INF-shaped text stored in any encoding, sometimes with a few damaged bytes."""
    data = store(draw(inf_text()), draw(st.sampled_from(sorted(STORAGES))))
    return draw(mangled(data)) if draw(st.integers(0, 3)) == 0 else data


# -- the properties ---------------------------------------------------------------------


@budget(1.5)
@given(inf_files())
def test_inf_shaped_files_in_every_encoding_keep_every_promise(data):
    exercise_in_time(data)


@budget(1)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_keep_every_promise(data):
    exercise_in_time(data)


@budget(1)
@given(st.text(max_size=500))
def test_arbitrary_text_parses_into_valid_spans(text):
    """Any string at all, lone surrogates and Unicode line separators included, parses and checks."""
    document = parse_text(text, "any.inf")
    lines = physical_lines(text)
    check_structure(document)
    check_spans(document, lines)
    check_diagnostics(document, check_document(document, ALL_RULES), lines)
    assert fingerprint(parse_text(text, "any.inf")) == fingerprint(document)


# -- publishing plans -------------------------------------------------------------------

PLAN_PIECES = [
    "[[submission]]",
    "[[label]]",
    "[submission]",
    "[[label",
    "id = ",
    "inf = ",
    "hwids = ",
    "chids = ",
    "status = ",
    "destination = ",
    "received = ",
    "inf_roots = ",
    "organization = ",
    '"a"',
    "'b'",
    '"""x\ny"""',
    "'''",
    '"\\u0000"',
    '"\\q"',
    "[",
    "]",
    "{",
    "}",
    "= ",
    ", ",
    "1",
    "1.5",
    "true",
    "1979-05-27",
    "all",
    '"all"',
    '"drivers/a.inf"',
    '"/etc/passwd"',
    '"../x.inf"',
    "# noqa: SHP014",
    "# infcheck: disable-file SHP",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\x00",
    "é",
    "\u2028",
    "\x1c",
    "\ud800",
]


@st.composite
def plan_texts(draw) -> str:
    return "".join(draw(st.lists(st.sampled_from(PLAN_PIECES), max_size=40)))


_TOML_LINE_BREAK = re.compile(r"\r\n|\n")


@budget(1)
@given(st.one_of(plan_texts(), st.text(max_size=300)), st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_any_plan_text_gives_diagnostics_with_valid_spans(text, codec):
    """Whatever a plan file holds, reading and checking it raises nothing, and each diagnostic
    points inside the file (TOML ends lines at LF and CR LF only)."""
    data = text.encode(codec, errors="surrogatepass" if codec.startswith("utf") else "replace")
    plan = parse_plan(data, "publish.toml")
    lines = _TOML_LINE_BREAK.split(plan.text)
    for diagnostic in check_document(plan, ALL_RULES):
        assert diagnostic.message and "\n" not in diagnostic.message
        assert_valid_span(diagnostic.span, lines, f"{diagnostic.code} {diagnostic.message!r}")


_LINE_BREAK = re.compile(r"\r\n|\r|\n")

_EXPECTED_CODEC = {
    "ansi": (ANSI, b""),
    "utf-8-bom": (UTF8, b"\xef\xbb\xbf"),
    "utf-16-le-bom": (UTF16_LE, b"\xff\xfe"),
    "utf-16-be-bom": (UTF16_BE, b"\xfe\xff"),
    "utf-16-le": (UTF16_LE, b""),
    "utf-16-be": (UTF16_BE, b""),
}


def _storable(text: str, storage: str) -> bool:
    """Whether ``storage`` holds ``text`` exactly and the decoder can be expected to recognise it."""
    if storage == "ansi":
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            return False
        # These byte pairs and triples are byte-order marks: a file cannot start with them and be ANSI.
        return not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))
    if any("\ud800" <= char <= "\udfff" for char in text):
        return False
    if storage in ("utf-16-le", "utf-16-be"):
        # Without a BOM, UTF-16 is recognised by where its NUL bytes fall, which needs ASCII text.
        return len(text) >= 2 and text.isascii() and "\x00" not in text
    return True


def texts_storable_in(storage: str) -> st.SearchStrategy[str]:
    """Text that ``storage`` holds exactly (mostly; :func:`_storable` has the last word)."""
    if storage in ("utf-16-le", "utf-16-be"):
        return st.one_of(
            inf_text(), st.text(st.characters(min_codepoint=1, max_codepoint=127), min_size=2, max_size=200)
        )
    if storage == "ansi":
        return st.one_of(inf_text(), st.text(st.characters(max_codepoint=255), max_size=200))
    return st.one_of(inf_text(), st.text(max_size=200))


@budget(1)
@given(
    st.sampled_from(sorted(STORAGES)).flatmap(lambda storage: st.tuples(texts_storable_in(storage), st.just(storage)))
)
def test_decoding_recovers_the_text_and_how_it_was_stored(text_and_storage):
    text, storage = text_and_storage
    assume(_storable(text, storage))
    decoded, encoding = decode(store(text, storage))
    assert decoded == text
    assert (encoding.codec, encoding.bom) == _EXPECTED_CODEC[storage]
    assert not encoding.damaged
    first = _LINE_BREAK.search(text)
    expected_newline = first.group() if first else "\r\n"  # a file without line breaks is written with CR LF
    assert encoding.newline == expected_newline


def test_the_fuzz_target_accepts_its_seed_corpus(tmp_path):
    """Every seed the corpus builder writes (the fixtures, their UTF-16 forms and the sample
    corpus when present) passes the fuzz target, as the fuzzer needs before it starts."""
    written = build_corpus.build(tmp_path)
    seeds = sorted(tmp_path.iterdir())
    fixtures = len(build_corpus.inf_files(FIXTURES))
    assert written == len(seeds) > fixtures + len(build_corpus.DEGENERATE_SEEDS)
    if CORPUS.is_dir():
        assert len(seeds) > fixtures + len(build_corpus.inf_files(CORPUS)) // 2
    for seed in seeds:
        fuzz_one_input(seed.read_bytes())
    assert build_corpus.build(tmp_path) == 0, "building again must add nothing"


def test_a_continuation_takes_a_crlf_line_break_whole():
    # The continued line cannot join the entry (its quote is never closed). The
    # continuation used to back off to taking the CR alone, so the entry ended
    # between CR and LF with its last value past the end of line 2. Now the whole
    # logical line is one syntax issue, and no piece of the document splits a CR LF.
    document = parse_text('[S]\r\na, \\\r\n"x\r\n')
    assert document.entries == []
    assert [(issue.start, issue.end, issue.reason) for issue in document.syntax_issues] == [
        (5, 13, "a quoted string is not closed before the end of the line")
    ]
    assert [(d.code, tuple(d.span)) for d in check_document(document, ALL_RULES) if d.code == "INF001"] == [
        ("INF001", (2, 1, 3, 3))
    ]


def test_a_continuation_over_crlf_joins_the_next_line():
    document = parse_text("[S]\r\na, \\\r\nb\r\n")
    [entry] = document.entries
    assert (entry.start, entry.end) == (5, 12)
    assert [(value.text, tuple(value.span)) for value in entry.values] == [("a", (2, 1, 2, 2)), ("b", (3, 1, 3, 2))]
