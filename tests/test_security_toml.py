"""TOML bombs: every TOML text infcheck reads is bounded before a TOML reader sees it.

A dotted key of 20,000 parts (129 KB) used to make the standard library's reader
take 1.6 GB of memory, and deeply nested arrays ended in a RecursionError. Plans
(on the command line and in the language server), configuration files,
scenarios, ``publish revoke`` and the span finder of plans all go through
:mod:`infcheck.tomlguard`; each bomb below is refused in well under two seconds
and a few hundred megabytes, with the error each kind of file already gives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

from infcheck.config import ConfigError, load_config
from infcheck.publish.plan import parse_plan
from infcheck.publish.scenario import ScenarioError, load_scenario
from infcheck.publish.tomlspans import locate
from infcheck.tomlguard import MAX_DEPTH, MAX_KEY_PARTS, MAX_TOML_BYTES, TomlRefused, check_shape, loads, parse_document

LONG_KEY = ".".join(f"k{number}" for number in range(20_000))  # 128,889 characters
KEY_REFUSED = "a dotted key has more than 64 parts; infcheck reads at most 64"
DEPTH_REFUSED = "arrays or inline tables are nested more than 64 deep; infcheck reads at most 64 levels"
SECONDS = 2.0
MEGABYTES = 300


def measured(code: str, cwd: Path, imports: str = "") -> dict:
    """Run ``code`` in a fresh interpreter after ``imports``: the ``result`` it sets, its time and the peak memory."""
    program = "\n".join(
        [
            "import json, resource, time",
            textwrap.dedent(imports),
            "started = time.perf_counter()",
            "result = None",
            textwrap.dedent(code),
            "elapsed = time.perf_counter() - started",
            textwrap.dedent(PEAK_MEMORY),
            'print(json.dumps({"result": result, "seconds": elapsed, "megabytes": peak}))',
        ]
    )
    completed = subprocess.run([sys.executable, "-c", program], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in completed.stderr, completed.stderr
    return json.loads(completed.stdout.splitlines()[-1])


# Linux carries ru_maxrss over exec, so a child of a large pytest process would report the
# parent's peak; the kernel's own high-water mark of this process (VmHWM) is its own.
PEAK_MEMORY = """
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
"""


def within_bounds(report: dict) -> None:
    assert report["seconds"] < SECONDS, report
    assert report["megabytes"] < MEGABYTES, report


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return root


# -- the bombs, through each kind of file --------------------------------------------------------


def test_a_plan_with_a_key_of_20000_parts_is_one_shp014_quickly_and_in_little_memory(repository):
    (repository / "publish.toml").write_text(f'organization = "x"\n{LONG_KEY} = 1\n', encoding="utf-8")
    report = measured(
        """
        from pathlib import Path
        from infcheck.publish.plan import parse_plan
        path = Path("publish.toml")
        plan = parse_plan(path.read_bytes(), str(path), path.resolve())
        result = [(problem.span.line, problem.message) for problem in plan.problems]
        """,
        repository,
    )
    within_bounds(report)
    assert report["result"] == [[2, f"plan not read: {KEY_REFUSED}"]]


def test_the_command_line_reports_the_plan_bomb_as_shp014(repository):
    (repository / "publish.toml").write_text(f"[{LONG_KEY}]\n", encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "--format", "json", "publish.toml"],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert time.perf_counter() - started < SECONDS + 3  # an interpreter start and the rule imports
    assert result.returncode == 1, result.stderr
    assert [(row["line"], row["code"], row["message"]) for row in json.loads(result.stdout)] == [
        (1, "SHP014", f"plan not read: {KEY_REFUSED}")
    ]


def test_a_configuration_file_with_a_key_of_20000_parts_is_a_one_line_error(repository):
    (repository / "infcheck.toml").write_text(f"{LONG_KEY} = 1\n", encoding="utf-8")
    report = measured(
        """
        from pathlib import Path
        from infcheck.config import ConfigError, load_config
        try:
            load_config(Path("infcheck.toml"))
        except ConfigError as error:
            result = str(error)
        """,
        repository,
    )
    within_bounds(report)
    assert report["result"] == f"infcheck.toml:1: {KEY_REFUSED}"


def test_the_command_line_stops_with_exit_2_on_a_configuration_bomb(repository):
    (repository / "infcheck.toml").write_text(f"{LONG_KEY} = 1\n", encoding="utf-8")
    shutil.copy(FIXTURES / "plan" / "example" / "drivers" / "audio-2.1" / "fabrikam_audio.inf", repository / "a.inf")
    result = subprocess.run(
        [sys.executable, "-m", "infcheck", "check", "a.inf"],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"infcheck: {repository / 'infcheck.toml'}:1: {KEY_REFUSED}"]


def test_a_scenario_with_a_key_of_20000_parts_is_a_scenario_error(repository):
    (repository / "systems.toml").write_text(f"[[system]]\nid = 'a'\n{LONG_KEY} = 1\n", encoding="utf-8")
    report = measured(
        """
        from pathlib import Path
        from infcheck.publish.scenario import ScenarioError, load_scenario
        try:
            load_scenario(Path("systems.toml"))
        except ScenarioError as error:
            result = str(error)
        """,
        repository,
    )
    within_bounds(report)
    assert report["result"] == f"systems.toml:3: {KEY_REFUSED}"


def test_the_language_server_checks_an_edited_plan_through_the_same_bounds(repository):
    """The server's plan checker reads the editor's text with :func:`parse_plan`, as this does."""
    report = measured(
        """
        path = Path("publish.toml").resolve()
        document = OpenDocument(path.as_uri(), "organization = 'x'\\n[[label]]\\n" + "a = " + "[" * 100_000, 2)
        rules = [RuleSettings(rule, rule.severity, {}) for rule in RULES if rule.code == "SHP014"]
        analysis = PlanChecker(document, path).check(document, rules)
        result = [(d.code, d.span.line, d.span.column, d.message) for d in analysis.diagnostics]
        """,
        repository,
        imports="""
        from pathlib import Path
        from infcheck.engine import RuleSettings
        from infcheck.rules import RULES
        from lsp_server.checking import PlanChecker
        from lsp_server.documents import OpenDocument
        """,
    )
    within_bounds(report)
    assert report["result"] == [["SHP014", 3, 69, f"plan not read: {DEPTH_REFUSED}"]]


@pytest.mark.parametrize(
    "text",
    ["a = " + "[" * 100_000 + "]" * 100_000, "a = " + "{b = " * 100_000 + "1" + "}" * 100_000],
    ids=["arrays", "inline-tables"],
)
def test_deep_nesting_is_a_clear_error_for_configuration_and_scenarios(tmp_path, text):
    config = tmp_path / "infcheck.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert str(raised.value) == f"{config}:1: {DEPTH_REFUSED}"
    scenario = tmp_path / "systems.toml"
    scenario.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"^{scenario}:1: arrays or inline tables are nested more than 64 deep"):
        load_scenario(scenario)


def test_publish_revoke_refuses_what_the_plan_reader_refuses():
    with pytest.raises(TomlRefused, match="more than 64 parts"):
        parse_document(f"{LONG_KEY} = 1\n")
    with pytest.raises(TomlRefused, match="nested more than 64 deep"):
        parse_document("a = " + "[" * 5000 + "]" * 5000)


def test_finding_the_spans_of_a_bomb_is_quick_and_quiet():
    for text in (f"[{LONG_KEY}]\n", "a = " + "[" * 50_000 + "]" * 50_000):
        started = time.perf_counter()
        spans = locate(text)
        assert time.perf_counter() - started < 0.5
        assert spans.keys == {}


# -- sizes --------------------------------------------------------------------------------------


def test_a_plan_larger_than_8_mib_is_not_read(tmp_path):
    data = b'organization = "x"\n' + b"# padding\n" * (MAX_TOML_BYTES // 10 + 1)
    [problem] = parse_plan(data, "publish.toml", tmp_path / "publish.toml").problems
    assert problem.message == "plan not read: it is 8 MiB, more than the 8 MiB infcheck reads as TOML"


def test_a_configuration_file_larger_than_8_mib_is_an_error(tmp_path):
    config = tmp_path / "infcheck.toml"
    config.write_bytes(b"# padding\n" * (MAX_TOML_BYTES // 10 + 1))
    with pytest.raises(ConfigError, match=r"^cannot read .*infcheck\.toml: larger than 8 MiB$"):
        load_config(config)


# -- what stays readable ------------------------------------------------------------------------


def test_keys_and_nesting_up_to_the_limits_are_read():
    key = ".".join(["part"] * MAX_KEY_PARTS)
    assert loads(f"{key} = 1\n") is not None
    assert loads("a = " + "[" * MAX_DEPTH + "]" * MAX_DEPTH)["a"] is not None
    with pytest.raises(TomlRefused):
        loads(f"{key}.one_more = 1\n")
    with pytest.raises(TomlRefused):
        loads("a = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


def test_dots_and_brackets_in_strings_comments_and_numbers_do_not_count():
    text = (
        '"quoted.key.with.many.dots" = "' + "." * 500 + '"\n'
        "# a comment [[[[ with " + "." * 500 + "\n"
        "floats = [" + ", ".join(["1.5"] * 500) + "]\n"
        "times = [" + ", ".join(["07:32:00.999"] * 200) + "]\n"
        "text = '''\n" + "[" * 500 + "\n" + ".".join(["x"] * 500) + "\n'''\n"
        'brackets = ["' + "]" * 300 + '", "' + "[" * 300 + '"]\n'
    )
    check_shape(text)
    assert loads(text)["floats"][0] == 1.5


def test_a_string_holding_closing_brackets_does_not_hide_deep_nesting():
    # Each "]" string would close an array if strings were not told apart from structure.
    text = "a = " + '["]", ' * 100 + "1" + "]" * 100
    with pytest.raises(TomlRefused, match="nested more than 64 deep") as raised:
        check_shape(text)
    assert (raised.value.line, raised.value.column) == (1, 4 + 6 * 64 + 1)


def test_a_real_plan_with_many_tables_and_long_values_still_loads(tmp_path):
    plan_text = (FIXTURES / "plan" / "example" / "publish.toml").read_text(encoding="utf-8")
    padding = "".join(
        f"\n# label {number}: see [docs] at https://example.com/a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.{number}\n"
        for number in range(200)
    )
    source = FIXTURES / "plan" / "example" / "publish.toml"
    plan = parse_plan((plan_text + padding).encode("utf-8"), str(source), source)
    assert plan.problems == []
    assert len(plan.labels) > 1


def test_the_scenario_of_the_simulation_benchmark_passes_the_bounds(tmp_path):
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    try:
        from bench_simulate import generate
    finally:
        sys.path.pop(0)
    scenario = tmp_path / "systems.toml"
    scenario.write_text(generate(20, 2000), encoding="utf-8")
    assert len(load_scenario(scenario).systems) == 2000


# Enough dots and brackets that check_shape looks at the text, nested two deep only.
_PADDING = "pad = [" + ", ".join(["[1.5]"] * 70) + "]\n"
_DEEP = "deep = " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n"
# name: (text, whether its brackets are read from the text itself, without taking out each string)
_SHAPES = {
    "one-line strings of either kind": (_PADDING + "a = ['PCI\\VEN_1', 'x']\nb = [\"PCI\\\\VEN_1\", \"\"]\n", True),
    "deep nesting outside strings": (_PADDING + "a = 'x'\n" + _DEEP, True),
    "dots of a string on one line": (_PADDING + 'k = "' + "." * 100 + '"\n', True),
    "a long key": (_PADDING + ".".join(["a"] * (MAX_KEY_PARTS + 1)) + " = 'x'\n", True),
    "closing brackets in strings": ("a = " + '["]", ' * 100 + "1" + "]" * 100, False),
    "an opening bracket in a string": (_PADDING + 'a = ["["]\n' + _DEEP, False),
    "a comment": (_PADDING + "# ]]]]\n" + _DEEP, False),
    "a string left open": (_PADDING + "a = 'x]\n" + _DEEP, False),
    "an escaped quote": (_PADDING + 'a = "x\\"]"\n' + _DEEP, False),
    "both kinds of quote on a line": (_PADDING + "a = [\"it's\", ']']\n" + _DEEP, False),
    "a multi-line string": (_PADDING + 'a = """\n]]]\n"""\n' + _DEEP, False),
    "a multi-line literal string": (_PADDING + "a = '''\n]]]\n'''\n", False),
}


def _shape_verdict(text: str):
    try:
        check_shape(text)
    except TomlRefused as refused:
        return refused.reason, refused.line, refused.column
    return None


@pytest.mark.parametrize(("text", "plain"), _SHAPES.values(), ids=_SHAPES.keys())
def test_reading_brackets_from_the_text_decides_as_taking_out_each_string(monkeypatch, text, plain):
    from infcheck import tomlguard

    assert (tomlguard._brackets_if_no_string_hides_one(text.encode("utf-8")) is not None) is plain
    quick = _shape_verdict(text)
    monkeypatch.setattr(tomlguard, "_brackets_if_no_string_hides_one", lambda encoded: None)
    assert quick == _shape_verdict(text)
    refused = "deep" in text or "a.a.a" in text or '"]", ' in text
    assert (quick is not None) is refused
