"""The incremental checker gives exactly what a full check gives, after any sequence of edits.

The differential tests apply seeded random edits (characters, lines, headers,
continuations, line ends, tokens, [Strings] and [Manufacturer]/Models lines)
to rule fixtures, sample-corpus files and generated files, and after each
edit compare the checker's diagnostics, and the shape of its document, with a
fresh parse and full check of the same text.
"""

from __future__ import annotations

import gc
import importlib.util
import random
import weakref
from pathlib import Path

import pytest

from infcheck.config import Config
from infcheck.decode import ANSI, Encoding, decode
from infcheck.diagnostics import Diagnostic
from infcheck.engine import check_document
from infcheck.facets import models as models_facet
from infcheck.facets.models import models_blocks
from infcheck.incremental import IncrementalChecker, changed_region, splice_line_starts
from infcheck.index import Index
from infcheck.package_model import package_model
from infcheck.parse import parse_text
from tests.conftest import CORPUS, FIXTURES, REPOSITORY

ALL_RULES = Config().rules_for(None)
SOME_RULES = Config().rules_for(None, {"INF201", "PUB004", "INF301", "INF001"})
ANSI_TEXT = Encoding(ANSI, b"", "\r\n")
UTF16_TEXT = Encoding("utf-16-le", b"\xff\xfe", "\r\n")


def _generator():
    spec = importlib.util.spec_from_file_location("bench_lsp", REPOSITORY / "bench" / "bench_lsp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate_inf


generate_inf = _generator()


# -- random edits ----------------------------------------------------------------------------

_CHARACTERS = list('abcXYZ019 \t=,;"%\\[]&_.{}-') + ["\r", "\n", "\r\n", "ü", "\x1a"]
_LINES = [
    "[Strings]",
    "[Strings.0407]",
    "[strings]",
    "[Manufacturer]",
    "[Version]",
    "[Install_00.NT]",
    "[Contoso.NTamd64.10.0...19041]",
    "[Contoso.NTarm64.10.0...19041] trailing words",
    "[Broken",
    "[TargetComputers]",
    "{0c2a6f8e-6d47-5d3b-9b8f-1c2d3e4f5a6b}",
    'Dev00001.DeviceDesc = "Redefined"',
    'Dev00700.DeviceDesc = "Now defined"',
    'NewToken = "PCI\\VEN_0000&DEV_1234"',
    "Contoso = %NewToken%",
    'ProviderName = "Fabrikam"',
    "%Contoso% = Contoso, NTamd64.10.0...19041, NTia64",
    "%Contoso% = Contoso, NTx86",
    "%Contoso% = Contoso, NT$ARCH$.10.0",
    "%Fw% = Firmware_Install, UEFI\\RES_{0c2a6f8e-6d47-5d3b-9b8f-1c2d3e4f5a6b}",
    "%Dev00002.DeviceDesc% = Install_09, PCI\\VEN_8086&DEV_1234, *PNP0501",
    "%Dev00003.DeviceDesc% = Install_01, %NewToken%, USB\\VID_1234",
    "%Dev00004.DeviceDesc% = Install_01, HID\\IRDEVICE, BTHENUM\\{0000110b-0000-1000-8000-00805f9b34fb}",
    "%Undefined% = Missing_Install, ACPI\\PNP0C14 ; noqa: PUB009",
    "AddReg = Missing.AddReg, Common.AddReg",
    "CopyFiles = @bignet.sys",
    "FeatureScore = 7",
    "FeatureScore = 0x80",
    "DriverVer = 13/45/2026,1.2",
    'Signature = "$Chicago$"',
    "ClassGuid = {4d36e972-e325-11ce-bfc1-08002be10318}",
    "Class = Firmware",
    "Needs = KMDF.Section",
    "Include = machine.inf",
    "HKR,,Value,0x00010001, \\",
    '   "unterminated',
    "; infcheck: disable-next-line INF201",
    "; infcheck: disable-file PUB",
    "a = b ; noqa",
    "text with %token% and %% and %",
    "",
]


def random_edit(rng: random.Random, text: str) -> str:
    """``text`` with one random edit of the kinds an editor (or a careless paste) makes."""
    size = len(text)
    at = rng.randint(0, size)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = size if line_end < 0 else line_end + 1
    kind = rng.randrange(10)
    if kind == 0 and size:  # delete a few characters
        return text[:at] + text[at + rng.randint(1, 4) :]
    if kind == 1:  # delete the line
        return text[:line_start] + text[line_end:]
    if kind == 2:  # insert a whole line
        return text[:line_start] + rng.choice(_LINES) + rng.choice(["\r\n", "\n", "\r"]) + text[line_start:]
    if kind == 3:  # a continuation at the end of the line
        end = line_end - (
            2 if text[line_start:line_end].endswith("\r\n") else 1 if text[line_start:line_end].endswith("\n") else 0
        )
        return text[:end] + rng.choice(["\\", " \\ ; comment", "\\\\"]) + text[end:]
    if kind == 4:  # change a line end
        position = text.find("\n", at)
        if position < 0:
            return text + "\r\n"
        if position and text[position - 1] == "\r":
            return (
                text[: position - 1] + rng.choice(["\n", "\r", "", "\r\r\n"]) + text[position:]
                if rng.random() < 0.5
                else text[:position] + text[position + 1 :]
            )
        return text[:position] + "\r" + text[position:]
    if kind == 5:  # a token in the middle of a line
        return (
            text[:at] + rng.choice(["%Dev00001.DeviceDesc%", "%Nope%", "%%", "%", "%ProviderName%", "%13%"]) + text[at:]
        )
    if kind == 6:  # move a line somewhere else
        line = text[line_start:line_end]
        rest = text[:line_start] + text[line_end:]
        target = rest.find("\n", rng.randint(0, len(rest))) + 1
        return rest[:target] + line + rest[target:]
    if kind == 7:  # type a few characters
        return text[:at] + "".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(1, 3))) + text[at:]
    if kind == 8:  # edit inside [Strings] or a Models line, where meaning spreads furthest
        anchors = [
            index
            for index in (
                text.find(name)
                for name in ("[Strings", "[strings", "[Contoso.", "[Manufacturer", "DeviceDesc =", "DeviceDesc% =")
            )
            if index >= 0
        ]
        if anchors:
            position = rng.choice(anchors) + rng.randint(0, 60)
            position = min(position, size)
            return (
                text[:position]
                + rng.choice(_CHARACTERS + ["Dev", "%", "\\\r\n"])
                + text[position + rng.randint(0, 2) :]
            )
    # replace the line with another
    return text[:line_start] + rng.choice(_LINES) + "\r\n" + text[line_end:]


def _shape(document) -> tuple:
    """What the parse of a document is made of, for comparing two parses."""

    def entry_shape(entry):
        return (
            entry.start,
            entry.end,
            entry.section.name if entry.section is not None else None,
            entry.key,
            [v.raw for v in entry.values],
            [v.resolved for v in entry.values],
        )

    return (
        [(s.name, s.start, s.end, s.trailing, [entry_shape(e) for e in s.entries]) for s in document.sections],
        [entry_shape(e) for e in document.entries],
        [entry_shape(e) for e in document.preamble],
        [(i.start, i.end, i.reason) for i in document.syntax_issues],
        document.line_starts,
    )


def _index_shape(index: Index) -> tuple:
    return (
        {bus: [d.value.start for d in ids] for bus, ids in index.device_ids_by_bus.items()},
        [d.value.start for d in index.all_device_ids],
        index.is_stampinf_source,
        [
            (m.entry.start, m.install_name, [(d.hardware_id.text, d.compatible, d.span) for d in m.ids], m.models.name)
            for m in index.models_entries
        ],
        {key: [m.entry.start for m in group] for key, group in index.models_entries_by_install.items()},
        {name: [e.start for e in entries] for name, entries in index.directives.items()},
        [(r.entry.start, r.directive, r.target) for r in index.references],
        sorted(index.install_sections),
    )


def assert_same_as_full_check(
    checker: IncrementalChecker, text: str, encoding: Encoding, rules, path: str, shapes: bool = True
) -> list[Diagnostic]:
    expected_document = parse_text(text, path, encoding)
    expected = check_document(expected_document, rules)
    found = checker.check(rules)
    assert found == expected
    if shapes:  # which splits and resolves every entry, so it is left out now and then
        assert _shape(checker.document) == _shape(expected_document)
        assert _index_shape(checker.index) == _index_shape(Index(expected_document))
    return found


def run_random_edits(text: str, seed: int, edits: int, path: str = "test.inf", encoding: Encoding = ANSI_TEXT) -> None:
    rng = random.Random(seed)
    checker = IncrementalChecker(path)
    checker.update(text, encoding, None, None)
    assert_same_as_full_check(checker, text, encoding, ALL_RULES, path)
    for step in range(edits):
        for _ in range(rng.choice([1, 1, 1, 2])):  # sometimes two edits before one check
            previous = text
            text = random_edit(rng, text)
            low, _old_high, new_high = changed_region(previous, text)
            # The caller's idea of the changed stretch may be wider than the real one, or missing.
            hint = (rng.randint(0, low), rng.randint(new_high, len(text))) if rng.random() < 0.3 else (low, new_high)
            checker.update(text, encoding, hint if rng.random() < 0.8 else None, None)
        rules = SOME_RULES if step % 11 == 10 else ALL_RULES  # changing the rules mid-way too
        try:
            assert_same_as_full_check(checker, text, encoding, rules, path, shapes=step % 3 == 0)
            assert checker.restarts == 0
        except AssertionError as error:
            raise AssertionError(f"after edit {step} of {path} (seed {seed}): {error}") from error


# -- the differential tests -----------------------------------------------------------------

_RULE_FIXTURES = sorted(path for path in (FIXTURES / "rules").rglob("*.inf"))


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_of_rule_fixtures(seed):
    rng = random.Random(1000 + seed)
    for path in rng.sample(_RULE_FIXTURES, 8):
        text, encoding = decode(path.read_bytes())
        run_random_edits(text, rng.randrange(1 << 30), 12, path.name, encoding)


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_of_a_generated_file(seed, monkeypatch):
    # Small blocks of Models entries, so that edits split, shrink and rebuild them.
    monkeypatch.setattr(models_facet, "BLOCK_SIZE", 3)
    text = generate_inf(200, install_count=3, addreg_lines=8)
    run_random_edits(text, seed, 40, "bignet.inf", UTF16_TEXT)


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(
        path for path in CORPUS.rglob("*") if path.suffix.lower() in (".inf", ".inx") and path.stat().st_size < 40_000
    )


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_of_corpus_files(seed):
    files = _corpus_files()
    if not files:
        pytest.skip(f"the sample corpus is not at {CORPUS}")
    rng = random.Random(seed)
    for path in rng.sample(files, 3):
        text, encoding = decode(path.read_bytes())
        run_random_edits(text, rng.randrange(1 << 30), 15, path.name, encoding)


# -- particular cases -------------------------------------------------------------------------

SMALL = (
    "[Version]\r\n"
    'Signature = "$Windows NT$"\r\n'
    "Class = Net\r\n"
    "ClassGuid = {4d36e972-e325-11ce-bfc1-08002be10318}\r\n"
    "CatalogFile = a.cat\r\n"
    "DriverVer = 01/01/2026,1.0.0.0\r\n"
    "\r\n"
    "[Manufacturer]\r\n"
    "%Mfg% = Models, NTamd64\r\n"
    "\r\n"
    "[Models.NTamd64]\r\n"
    "%Dev% = Install, %DevId%\r\n"
    "\r\n"
    "[Install.NT]\r\n"
    "AddReg = Install.AddReg\r\n"
    "\r\n"
    "[Install.AddReg]\r\n"
    "HKR,,A,,%Missing%\r\n"
    "\r\n"
    "[Strings]\r\n"
    'Mfg = "Contoso"\r\n'
    'Dev = "Device"\r\n'
    'DevId = "PCI\\VEN_8086&DEV_1234"\r\n'
)


def _checked(checker: IncrementalChecker, text: str) -> list[tuple[int, int, str]]:
    checker.update(text, ANSI_TEXT, None, None)
    found = assert_same_as_full_check(checker, text, ANSI_TEXT, ALL_RULES, "small.inf")
    return [(d.span.line, d.span.column, d.code) for d in found]


def test_a_changed_string_reaches_the_ids_that_use_it():
    checker = IncrementalChecker("small.inf")
    assert _checked(checker, SMALL) == [(12, 18, "PUB004"), (18, 9, "INF201")]
    fixed = SMALL.replace('DEV_1234"', 'DEV_1234&SUBSYS_00011028"')
    assert _checked(checker, fixed) == [(18, 9, "INF201")]
    assert _checked(checker, fixed + 'Missing = "m"\r\n') == []
    assert _checked(checker, SMALL) == [(12, 18, "PUB004"), (18, 9, "INF201")]


def test_findings_move_with_the_lines_above_them():
    checker = IncrementalChecker("small.inf")
    _checked(checker, SMALL)
    moved = "; a comment\r\n; another\r\n" + SMALL
    assert _checked(checker, moved) == [(14, 18, "PUB004"), (20, 9, "INF201")]
    assert _checked(checker, moved.replace("; another\r\n", "")) == [(13, 18, "PUB004"), (19, 9, "INF201")]


def test_renaming_a_models_section_header():
    checker = IncrementalChecker("small.inf")
    _checked(checker, SMALL)
    renamed = SMALL.replace("[Models.NTamd64]", "[Models.NTarm64]")
    assert _checked(checker, renamed) == [(9, 17, "INF301"), (18, 9, "INF201")]
    assert _checked(checker, SMALL) == [(12, 18, "PUB004"), (18, 9, "INF201")]


def test_a_noqa_comment_typed_after_a_finding():
    checker = IncrementalChecker("small.inf")
    _checked(checker, SMALL)
    quiet = SMALL.replace("%DevId%\r\n", "%DevId% ; noqa: PUB004\r\n")
    assert _checked(checker, quiet) == [(18, 9, "INF201")]


def test_a_continuation_joins_the_next_line():
    checker = IncrementalChecker("small.inf")
    _checked(checker, SMALL)
    joined = SMALL.replace("AddReg = Install.AddReg\r\n", "AddReg = Install.AddReg, \\\r\n")
    assert _checked(checker, joined) == [(12, 18, "PUB004"), (18, 9, "INF201")]
    _checked(checker, SMALL)


def test_binary_text_and_empty_text():
    checker = IncrementalChecker("small.inf")
    _checked(checker, SMALL)
    binary = Encoding(ANSI, b"", "\r\n", binary=True)
    checker.update("\x00\x01", binary, None, None)
    assert [d.code for d in checker.check(ALL_RULES)] == ["INF002"]
    checker.update("", ANSI_TEXT, None, None)
    assert checker.check(ALL_RULES) == check_document(parse_text("", "small.inf", ANSI_TEXT), ALL_RULES)
    assert _checked(checker, SMALL) == [(12, 18, "PUB004"), (18, 9, "INF201")]


def test_the_changed_stretch_of_two_texts():
    assert changed_region("abcdef", "abXYef") == (2, 4, 4)
    assert changed_region("aaaa", "aaaaa") == (4, 4, 5)
    assert changed_region("same", "same") == (4, 4, 4)
    long = "x" * 5000
    assert changed_region(long + "a" + long, long + long) == (5000, 5001, 5000)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a\r\nb\r\nc", "a\r\nb\nc"),
        ("a\r\nb", "a\rX\nb"),
        ("a\rb", "a\r\nb"),
        ("a\nb\n", "a\nb\n\n\r"),
        ("line\r\n" * 4, "line\r\n" * 2),
        ("", "x\ny"),
    ],
)
def test_line_starts_spliced_after_an_edit(old, new):
    low, old_high, new_high = changed_region(old, new)
    expected = parse_text(new).line_starts
    assert splice_line_starts(parse_text(old).line_starts, new, low, old_high, new_high) == expected


def test_unreadable_lines_moved_onto_each_others_places():
    # Unreadable lines are kept as tuples equal when their places are; an insertion as long as
    # the first of them moves it exactly where the second was.
    checker = IncrementalChecker("small.inf")
    text = '[Version]\r\nx = "a\r\ny = "b\r\n'
    assert [found for found in _checked(checker, text) if found[2] == "INF001"] == [(2, 1, "INF001"), (3, 1, "INF001")]
    inserted = text.replace("\r\nx", "\r\nz = 12\r\nx")
    assert [found for found in _checked(checker, inserted) if found[2] == "INF001"] == [
        (3, 1, "INF001"),
        (4, 1, "INF001"),
    ]


def test_an_edit_redoes_only_the_edited_line():
    # What makes the checker fast, seen from inside: after a one-character edit in a Models
    # entry only that entry waits for the section rules, and every block of Models entries but
    # the edited one is the same object as before.
    text = generate_inf(2_000, install_count=4, addreg_lines=8)
    checker = IncrementalChecker("bignet.inf")
    checker.update(text, UTF16_TEXT, None, None)
    checker.check(ALL_RULES)
    blocks_before = models_blocks(checker._kept)
    at = text.index("%Dev00300.DeviceDesc% = Install_00, PCI\\VEN_8086&DEV_") + len(
        "%Dev00300.DeviceDesc% = Install_00, PCI\\VEN_8086&DEV_"
    )
    edited = text[:at] + "9" + text[at + 1 :]
    checker.update(edited, UTF16_TEXT, (at, at + 1), None)
    assert [entry.text for entry in checker._unchecked] == [
        edited[edited.rfind("\n", 0, at) + 1 : edited.find("\r", at)]
    ]
    assert_same_as_full_check(checker, edited, UTF16_TEXT, ALL_RULES, "bignet.inf")
    blocks_after = models_blocks(checker._kept)
    assert len(blocks_after) == len(blocks_before) > 4
    assert sum(1 for before, after in zip(blocks_before, blocks_after, strict=True) if before is not after) == 1


def test_undoing_an_edit_of_a_models_header_reads_no_entry_again(monkeypatch):
    # The edit makes the section no Models section; the undo makes it one again under a new
    # header. Its entries mean what they meant: the index keeps their ID lists (so the device-id
    # rules know they judged them) and parses none of their IDs again.
    text = generate_inf(2_000, install_count=4, addreg_lines=8)
    checker = IncrementalChecker("bignet.inf")
    checker.update(text, UTF16_TEXT, None, None)
    checker.check(ALL_RULES)
    ids_before = [models_entry.ids for models_entry in checker.index.models_entries]
    at = text.index("[Contoso.NTarm64.10.0...19041]") + 8
    checker.update(text[:at] + "x" + text[at:], UTF16_TEXT, (at, at + 1), None)
    checker.check(ALL_RULES)
    parsed = []
    parse_hardware_id = models_facet.parse_hardware_id
    with monkeypatch.context() as patched:
        patched.setattr(models_facet, "parse_hardware_id", lambda text: parsed.append(text) or parse_hardware_id(text))
        checker.update(text, UTF16_TEXT, (at, at), None)
        checker.check(ALL_RULES)
    assert parsed == []
    assert_same_as_full_check(checker, text, UTF16_TEXT, ALL_RULES, "bignet.inf")
    ids_after = [models_entry.ids for models_entry in checker.index.models_entries]
    assert len(ids_after) == len(ids_before) > 400
    assert all(after is before for before, after in zip(ids_before, ids_after, strict=True))


def test_a_changed_string_keeps_the_directives_found_in_the_sections_using_it():
    # Directives are read from keys as written: what a %token% in a value stands for changes none.
    text = generate_inf(2_000, install_count=4, addreg_lines=8)
    checker = IncrementalChecker("bignet.inf")
    checker.update(text, UTF16_TEXT, None, None)
    checker.check(ALL_RULES)
    parts_before = list(checker._kept.parts("directives"))
    directives_before, references_before = checker.index.directives, checker.index.references
    at = text.index('Param000.Desc = "Parameter') + len('Param000.Desc = "')
    edited = text[:at] + "x" + text[at:]
    checker.update(edited, UTF16_TEXT, (at, at + 1), None)
    assert {entry.section.name for entry in checker._kept.reread} >= {"Install_00.AddReg", "Install_03.AddReg"}
    assert_same_as_full_check(checker, edited, UTF16_TEXT, ALL_RULES, "bignet.inf")
    parts_after = list(checker._kept.parts("directives"))  # one per section, in file order
    sections = checker.document.sections
    assert len(parts_after) == len(parts_before) == len(sections) > 20
    rebuilt = [
        section.name
        for section, before, after in zip(sections, parts_before, parts_after, strict=True)
        if after is not before
    ]
    # The edited section's part was built again, found the same (no directives in [Strings]) and
    # kept, so the merged directives and the references built from them are the same objects.
    assert rebuilt == []
    assert checker.index.directives is directives_before
    assert checker.index.references is references_before


def test_a_line_joined_to_the_one_above_keeps_no_old_columns():
    # The line "y = 2" is the same text, lexed from the same place, but it now starts in the
    # middle of a line: what was found in it must be found again, at its new column.
    checker = IncrementalChecker("small.inf")
    before = "x = 1\r\n\ny = 2\r\n"
    assert [found for found in _checked(checker, before) if found[2] == "INF003"] == [
        (1, 1, "INF003"),
        (3, 1, "INF003"),
    ]
    after = "x = 1\r\ty = 2\r\n"
    assert [found for found in _checked(checker, after) if found[2] == "INF003"] == [(1, 1, "INF003"), (2, 2, "INF003")]


def test_a_token_made_by_removing_quotes_follows_its_string():
    # %Dev"Id"% is not a token as written, but its text once unquoted is %DevId%.
    checker = IncrementalChecker("small.inf")
    puzzle = SMALL.replace("%Dev% = Install, %DevId%", '%Dev% = Install, %Dev"Id"%')
    assert [found for found in _checked(checker, puzzle) if found[2] == "PUB004"] == [(12, 18, "PUB004")]
    fixed = puzzle.replace('DEV_1234"', 'DEV_1234&SUBSYS_00011028"')
    assert [found for found in _checked(checker, fixed) if found[2] == "PUB004"] == []


def test_many_strings_defined_at_once():
    # More changed names than one pattern of alternatives is worth: every %name% in the text is looked at.
    checker = IncrementalChecker("small.inf")
    _checked(checker, SMALL)
    pasted = (
        "".join(f'Extra{number:02d} = "{number}"\r\n' for number in range(20))
        + 'Missing = "m"\r\nDevId = "PCI\\VEN_8086&DEV_1234&SUBSYS_00011028"\r\n'
    )
    assert _checked(checker, SMALL.replace('Mfg = "Contoso"\r\n', pasted + 'Mfg = "Contoso"\r\n')) == []


def test_typing_a_stampinf_placeholder_makes_the_file_a_template_and_deleting_it_undoes_that():
    checker = IncrementalChecker("small.inf")
    empty = SMALL.replace('Signature = "$Windows NT$"', 'Signature = "$Windows NT$"\r\nDriverVer =')
    assert empty != SMALL
    before = _checked(checker, empty)
    assert any(code == "INF103" for _, _, code in before)
    template = empty.replace("DriverVer =", "DriverVer = ; $KMDFVERSION$")
    assert not any(code == "INF103" for _, _, code in _checked(checker, template))
    assert _checked(checker, empty) == before


def test_the_previous_index_is_freed_without_the_cycle_collector():
    # The package model keeps its index: left to the cycle collector, every edit's old index
    # would wait for a pass that walks the large lists of the new one.
    checker = IncrementalChecker("small.inf")
    _checked(checker, SMALL)
    old_index = weakref.ref(checker.index)
    # The rules of a plain INF may not build it (the firmware rules return before they would), so
    # build it as a package rule does: it refers back to the index.
    package_model(checker.index)
    assert "package_model" in checker.index.derived
    gc.disable()
    try:
        checker.update(SMALL.replace("Class = Net", "Class = Nex"), ANSI_TEXT, None, None)
        checker.check(ALL_RULES)
        assert old_index() is None
    finally:
        gc.enable()


# The edits bench/bench_lsp.py times, on a smaller file of the same shape: where, and how far in.
_BENCH_EDITS = (
    ("%Dev00300.DeviceDesc% = Install_00, PCI\\VEN_8086&DEV_", 50),  # inside a Models entry
    ('Dev00250.DeviceDesc = "Contoso', 27),  # inside a [Strings] value
    ("[Install_03.CopyFiles]", 10),  # in a section header
    ("HKR, Ndi\\params\\Param001, ParamDesc", 20),  # inside an AddReg line
    ("; Copyright", 11),  # at the top of the file
    ("[Contoso.NTarm64.10.0...19041]", 8),  # in a Models section header
)


@pytest.mark.parametrize(("anchor", "into"), _BENCH_EDITS)
def test_the_edits_the_bench_times_give_what_a_full_check_gives(anchor, into):
    text = generate_inf(2_000, install_count=4, addreg_lines=8)
    checker = IncrementalChecker("bignet.inf")
    checker.update(text, UTF16_TEXT, None, None)
    assert_same_as_full_check(checker, text, UTF16_TEXT, ALL_RULES, "bignet.inf")
    at = text.index(anchor) + into
    edited = text[:at] + "x" + text[at:]
    for _ in range(2):  # the bench types and undoes the same character again and again
        checker.update(edited, UTF16_TEXT, (at, at + 1), None)
        assert_same_as_full_check(checker, edited, UTF16_TEXT, ALL_RULES, "bignet.inf")
        checker.update(text, UTF16_TEXT, (at, at), None)
        assert_same_as_full_check(checker, text, UTF16_TEXT, ALL_RULES, "bignet.inf")
    assert checker.restarts == 0


@pytest.mark.parametrize(
    "renamed",
    [
        "[SourceDisksFiles]",  # a data section: its directives name no sections
        "[Contoso.NTamd64.10.0...19041]",  # a second part of a Models section
        "[Strings]",  # token definitions, not directives
        "[Install_00.NT]",  # a second part of another install section
    ],
)
def test_a_header_renamed_to_a_section_of_another_kind_and_back(renamed):
    # The references and directives of a section are kept while its header and its entries stay:
    # renaming the header must rebuild them, and renaming it back must find the old ones again.
    text = generate_inf(2_000, install_count=4, addreg_lines=8)
    checker = IncrementalChecker("bignet.inf")
    checker.update(text, UTF16_TEXT, None, None)
    checker.check(ALL_RULES)
    references_before = len(checker.index.references)
    edited = text.replace("[Install_01.NT]", renamed, 1)
    checker.update(edited, UTF16_TEXT, None, None)
    assert_same_as_full_check(checker, edited, UTF16_TEXT, ALL_RULES, "bignet.inf")
    if renamed != "[Install_00.NT]":
        assert len(checker.index.references) < references_before
    checker.update(text, UTF16_TEXT, None, None)
    assert_same_as_full_check(checker, text, UTF16_TEXT, ALL_RULES, "bignet.inf")
    assert len(checker.index.references) == references_before
    assert checker.restarts == 0


def test_an_edit_that_changes_no_directive_keeps_what_the_index_merged():
    # An AddReg line names no section: the merged directives, the references and the lists of
    # Models entries and IDs are the previous build's, and still what a full build gives.
    text = generate_inf(2_000, install_count=4, addreg_lines=8)
    checker = IncrementalChecker("bignet.inf")
    checker.update(text, UTF16_TEXT, None, None)
    checker.check(ALL_RULES)
    before = checker.index
    kept = (before.directives, before.references, before.models_entries, before.device_ids_by_bus)
    at = text.index("HKR, Ndi\\params\\Param001, ParamDesc") + 20
    edited = text[:at] + "x" + text[at:]
    checker.update(edited, UTF16_TEXT, (at, at + 1), None)
    assert_same_as_full_check(checker, edited, UTF16_TEXT, ALL_RULES, "bignet.inf")
    after = checker.index
    assert after is not before
    assert all(
        now is then
        for now, then in zip(
            (after.directives, after.references, after.models_entries, after.device_ids_by_bus), kept, strict=True
        )
    )
    # A directive typed into the same line is found, and the references list is built again.
    edited = edited.replace("HKR, Ndi\\params\\Param001, ParamDesc", "CopyFiles = Install_01.CopyFiles ; ", 1)
    checker.update(edited, UTF16_TEXT, None, None)
    assert_same_as_full_check(checker, edited, UTF16_TEXT, ALL_RULES, "bignet.inf")
    assert checker.index.references is not kept[1]
    assert checker.index.directives is not kept[0]
