"""Publishing plans: reading them with positions, checking them, simulating them, revoking from them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, REPOSITORY, plan_found

from infcheck.cli import main
from infcheck.document import Span
from infcheck.publish.plan import is_plan_file, parse_plan
from infcheck.publish.plan_drivers import drivers_from_plan
from infcheck.publish.revoke import RevokeError, plan_revocation
from infcheck.publish.scenario import ScenarioError, load_scenario
from infcheck.publish.simulate import simulate
from infcheck.publish.tomlspans import locate

EXAMPLE = FIXTURES / "plan" / "example"
RESELL = FIXTURES / "plan" / "resell"
AUDIO_INF = EXAMPLE / "drivers" / "audio-2.1" / "fabrikam_audio.inf"
MODEL_A = "HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_1E5D0001"
MODEL_B = "HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_1E5D0002"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "infcheck", *args], cwd=cwd or REPOSITORY, capture_output=True, text=True, timeout=120
    )


def write_plan(folder: Path, text: str, name: str = "publish.toml") -> Path:
    """A plan in a folder of its own git-less repository, with the audio INF beside it."""
    (folder / "drivers").mkdir(parents=True, exist_ok=True)
    shutil.copy(AUDIO_INF, folder / "drivers" / "audio.inf")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- where things are written -----------------------------------------------------------------


def test_spans_of_keys_values_and_array_items():
    text = (
        'organization = "Fabrikam"  # who\n'
        "[[label]]\n"
        "hwids = [\n  \"A\\\\B\",   # first\n  'C',\n]\n"
        'received = { from = "X", ids = ["p", "q"] }\n'
        "when = 1979-05-27 07:32:00\n"
        's = """one\n"two"\n"""\n'
        '"dotted.key".inner = 1\n'
        "[[label]]\n"
        "id = 'second'\n"
    )
    spans = locate(text)
    assert spans.values[("organization",)] == Span(1, 16, 1, 26)
    assert spans.values[("label", 0)] == Span(2, 1, 2, 10)
    assert spans.values[("label", 0, "hwids", 0)] == Span(4, 3, 4, 9)
    assert spans.values[("label", 0, "hwids", 1)] == Span(5, 3, 5, 6)
    assert spans.values[("label", 0, "hwids")] == Span(3, 9, 6, 2)
    assert spans.values[("label", 0, "received", "ids", 1)] == Span(7, 38, 7, 41)
    assert spans.values[("label", 0, "when")] == Span(8, 8, 8, 27)
    assert spans.values[("label", 0, "s")] == Span(9, 5, 11, 4)
    assert spans.keys[("label", 0, "dotted.key", "inner")] == Span(12, 1, 12, 19)
    assert spans.values[("label", 1, "id")] == Span(14, 6, 14, 14)
    assert [(comment.line, comment.text) for comment in spans.comments] == [(1, " who"), (4, " first")]
    assert spans.statement_lines == [1, 2, 3, 7, 8, 9, 12, 13, 14]


def test_spans_of_unknown_paths_fall_back_to_the_nearest_written_thing():
    spans = locate('[[label]]\nid = "x"\n')
    assert spans.value(("label", 0, "chids", 3)) == Span(1, 1, 1, 10)
    assert spans.value(("nothing",)) == Span(1, 1, 1, 1)


@pytest.mark.parametrize("text", ["[[label", 'a = "unterminated', "x = [1, 2", "= 3", "a = {", "\0\0", "'''"])
def test_locating_never_raises_on_broken_toml(text):
    locate(text)


def test_plan_names():
    assert is_plan_file("publish.toml") and is_plan_file("drivers/Audio.Publish.TOML")
    assert (
        not is_plan_file("mypublish.toml")
        and not is_plan_file("pyproject.toml")
        and not is_plan_file("publish.toml.bak")
    )


# -- reading ------------------------------------------------------------------------------------


def test_the_example_plan_is_read_completely():
    plan = parse_plan((EXAMPLE / "publish.toml").read_bytes(), "publish.toml", EXAMPLE / "publish.toml")
    assert plan.problems == []
    assert plan.organization == "Fabrikam"
    assert [submission.id for submission in plan.submissions] == [
        "audio-2.1",
        "audio-2.1.1",
        "bios-1.0.4",
        "contoso-sensor",
    ]
    sensor = plan.submission("contoso-sensor")
    assert sensor.received.organization == "Contoso" and sensor.received.require_chids
    assert sensor.received.hwids == ("ACPI\\CTSO0001",)
    fix = next(label for label in plan.labels if label.id == "wu-audio-model-b-fix")
    assert (fix.destination, fix.status, fix.delivery, fix.hwids) == ("windows-update", "pending", "manual", (MODEL_B,))
    assert plan.package(plan.submission("bios-1.0.4")).firmware == "Class Firmware"
    assert plan.package(plan.submission("audio-2.1")).device_ids == (MODEL_A, MODEL_B, MODEL_A, MODEL_B)


def test_a_utf8_bom_is_accepted_and_other_encodings_are_reported(tmp_path):
    text = (EXAMPLE / "publish.toml").read_text(encoding="utf-8")
    assert parse_plan(b"\xef\xbb\xbf" + text.encode(), "publish.toml", EXAMPLE / "publish.toml").problems == []
    latin = parse_plan('organization = "Soci\xe9t\xe9"\n'.encode("cp1252"), "publish.toml")
    assert [(problem.span.line, problem.message) for problem in latin.problems] == [
        (1, "a plan file must be UTF-8 text (TOML)")
    ]
    binary = parse_plan(b"\x00\x01\x02", "publish.toml")
    assert binary.problems[0].message == "a plan file must be text, not binary data"


def test_a_toml_syntax_error_is_one_diagnostic_at_its_position():
    found = plan_found(FIXTURES / "rules" / "SHP014" / "fail_toml_syntax.publish.toml")
    assert found == [(3, 8, "SHP014")]


# -- checking -----------------------------------------------------------------------------------


def test_check_finds_plans_beside_inf_files_and_the_example_is_clean():
    result = run_cli("check", "--format", "json", str(EXAMPLE.relative_to(REPOSITORY)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
    text = run_cli("check", str(EXAMPLE.relative_to(REPOSITORY)))
    assert (text.returncode, text.stdout) == (0, "")
    assert "No problems found in 5 files." in text.stderr


def test_check_reports_plan_problems_in_json(tmp_path):
    path = write_plan(
        tmp_path,
        'organization = "Fabrikam"\n\n[[submission]]\nid = "a"\ninf = "drivers/audio.inf"\nsigning = "attestation"\n\n'
        '[[label]]\nid = "share"\nsubmission = "a"\ndestination = "partner"\npartner = "Contoso"\nhwids = "all"\n',
        "team.publish.toml",
    )
    result = run_cli("check", "--format", "json", str(path))
    assert result.returncode == 1
    (diagnostic,) = json.loads(result.stdout)
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"], diagnostic["end_column"]) == (
        "SHP003",
        11,
        15,
        24,
    )
    assert diagnostic["path"].endswith("team.publish.toml")


def test_other_toml_files_are_not_plans(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (tmp_path / "notes.toml").write_text("garbage = [", encoding="utf-8")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 0
    assert f"infcheck: warning: no INF, INX or plan files found in {tmp_path}" in result.stderr


def test_suppression_comments_in_plans(tmp_path):
    path = write_plan(
        tmp_path,
        '[[submission]]\nid = "a"\ninf = "drivers/audio.inf"\ncategory = "UNCLASSIFIED"   # noqa: SHP009 granted\n'
        'architectures = ["ia64"]   # noqa: SHP001\n'
        "# infcheck: disable-next-line SHP014\n"
        'colour = "blue"\n'
        'shade = "dark"\n',
    )
    assert plan_found(path) == [(5, 18, "SHP009"), (8, 1, "SHP014")]
    text = path.read_text(encoding="utf-8")
    path.write_text("# infcheck: disable-file SHP\n" + text, encoding="utf-8")
    assert plan_found(path) == []


def test_a_hash_inside_a_string_is_not_a_comment(tmp_path):
    path = write_plan(
        tmp_path, '[[submission]]\nid = "a # noqa"\ninf = "drivers/audio.inf"\ncategory = "UNCLASSIFIED"\n'
    )
    assert plan_found(path) == [(4, 12, "SHP009")]


def test_inf_paths_must_stay_in_the_repository_unless_allowed(tmp_path):
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    outside = tmp_path / "vendor"
    outside.mkdir()
    shutil.copy(AUDIO_INF, outside / "audio.inf")
    (repository / "drivers").mkdir()
    os.symlink(outside / "audio.inf", repository / "drivers" / "linked.inf")
    plan_text = '[[submission]]\nid = "a"\ninf = "../vendor/audio.inf"\n\n[[submission]]\nid = "b"\ninf = "drivers/linked.inf"\n'
    path = repository / "publish.toml"
    path.write_text(plan_text, encoding="utf-8")
    assert plan_found(path) == [(3, 7, "SHP013"), (7, 7, "SHP013")]
    plan = parse_plan(path.read_bytes(), "publish.toml", path)
    assert "outside the plan's repository" in plan.package_problem(plan.submissions[1])
    path.write_text('inf_roots = ["../vendor"]\n' + plan_text, encoding="utf-8")
    assert plan_found(path) == []


def test_a_large_plan_is_checked_in_linear_time(tmp_path):
    def plan_of(labels: int) -> Path:
        lines = ['[[submission]]\nid = "a"\ninf = "drivers/audio.inf"\n']
        for number in range(labels):
            lines.append(
                f'[[label]]\nid = "l{number}"\nsubmission = "a"\ndestination = "windows-update"\n'
                f"hwids = ['{MODEL_A}']\nstatus = \"pending\"\n"
            )
        return write_plan(tmp_path / str(labels), "\n".join(lines))

    timings = {}
    for labels in (500, 5000):
        path = plan_of(labels)
        start = time.perf_counter()
        found = plan_found(path)
        timings[labels] = time.perf_counter() - start
        assert len(found) == labels - 1  # every pending label after the first is locked out
    assert timings[5000] < 25 * timings[500] + 1.0


# -- simulate --plan ----------------------------------------------------------------------------


def _decisions(plan_path: Path, systems: Path, include_pending: bool = False):
    plan = parse_plan(plan_path.read_bytes(), str(plan_path), plan_path)
    scenario = load_scenario(systems, drivers_from_plan(plan, include_pending))
    return {(decision.system, decision.device): (decision.choice, decision.offer) for decision in simulate(scenario)}


def test_simulating_the_example_plan():
    decisions = _decisions(EXAMPLE / "publish.toml", EXAMPLE / "systems.toml")
    assert decisions == {
        ("Fabrikam Book Model A", 0): ("wu-audio", None),  # its package audio-2.1 is installed
        ("Fabrikam Book Model A", 1): ("wu-bios", "wu-bios"),
        ("Fabrikam Book Model A", 2): (None, None),  # the sensor label is still a draft
        ("Fabrikam Book Model B", 0): ("wu-audio", "wu-audio"),
        ("Fabrikam Book Model B", 1): ("wu-bios", "wu-bios"),
        ("Fabrikam Book Model C", 0): ("wu-audio", "wu-audio"),
        ("Fabrikam Book Model C", 1): (None, None),  # not in the firmware's [TargetComputers]
    }
    pending = _decisions(EXAMPLE / "publish.toml", EXAMPLE / "systems.toml", include_pending=True)
    assert pending[("Fabrikam Book Model B", 0)] == ("wu-audio-model-b-fix", "wu-audio-model-b-fix")
    assert pending[("Fabrikam Book Model C", 0)] == ("wu-audio", "wu-audio")


def test_seed_resell_scenarios_as_plans():
    decisions = _decisions(RESELL / "contoso" / "publish.toml", RESELL / "systems.toml")
    # Section 3.5.3: the resold HWID2 fix reaches Model B only, by distribution targeting.
    assert decisions[("Contoso Model B", 1)] == ("wu-fix-model-b", "wu-fix-model-b")
    assert decisions[("Contoso Model A", 1)] == (None, None)
    assert decisions[("Litware LD 100", 1)] == (None, None)
    # Section 3.5.4: the DUA update's [TargetComputers] limits the HWID1 driver to Model A.
    assert decisions[("Contoso Model A", 0)] == ("wu-ctl-model-a", "wu-ctl-model-a")
    assert decisions[("Contoso Model B", 0)] == (None, None)
    assert decisions[("Litware LD 100", 0)] == (None, None)


def test_resold_drivers_cannot_be_resold(tmp_path):
    contoso = tmp_path / "contoso"
    shutil.copytree(RESELL / "contoso", contoso)
    assert plan_found(contoso / "publish.toml") == []
    with (contoso / "publish.toml").open("a", encoding="utf-8") as plan:
        for submission in ("fabrikam-fix", "fabrikam-ctl-model-a"):
            plan.write(
                f'\n[[label]]\nid = "resell-{submission}"\nsubmission = "{submission}"\ndestination = "partner"\n'
                'partner = "Litware"\nhwids = "all"\n'
            )
    found = plan_found(contoso / "publish.toml")
    # The received fix cannot be shared again; the DUA update can be shared neither as a DUA nor as Fabrikam's.
    assert [code for _, _, code in found] == ["SHP002", "SHP003"]


def test_simulate_plan_on_the_command_line():
    result = run_cli(
        "simulate", "--plan", "publish.toml", "systems.toml", "--include-pending", "--format", "json", cwd=EXAMPLE
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)["results"]
    assert results[3] == {
        "system": "Fabrikam Book Model B",
        "device": 0,
        "installed": None,
        "choice": "wu-audio-model-b-fix",
        "offer": "wu-audio-model-b-fix",
        "reason": "wu-audio-model-b-fix is the best-ranked driver CHID-targeted to this system; nothing is installed, "
        "so it is offered.",
    }


def test_simulate_plan_refuses_a_broken_plan(tmp_path, capsys):
    path = write_plan(
        tmp_path,
        '[[label]]\nid = "x"\nsubmission = "none"\ndestination = "windows-update"\nhwids = "all"\nstatus = "published"\n',
    )
    systems = tmp_path / "systems.toml"
    systems.write_text('[[system]]\nid = "s"\n', encoding="utf-8")
    assert main(["simulate", "--plan", str(path), str(systems)]) == 2
    assert "label 'x' names unknown submission 'none'" in capsys.readouterr().err
    assert main(["simulate", str(systems), "--include-pending"]) == 2
    with pytest.raises(ScenarioError, match="DriverVer"):
        broken = write_plan(tmp_path / "noversion", '[[submission]]\nid = "a"\ninf = "drivers/audio.inf"\n')
        (tmp_path / "noversion" / "drivers" / "audio.inf").write_text('[Version]\nSignature = "$Windows NT$"\n')
        drivers_from_plan(parse_plan(broken.read_bytes(), "publish.toml", broken))


# -- publish revoke -----------------------------------------------------------------------------

SHARING_PLAN = """\
organization = "Fabrikam"   # the sharer

[[submission]]
id = "audio"
inf = "drivers/audio.inf"

[[label]]
id = "share"
submission = "audio"
destination = "partner"
partner = "Contoso"
hwids = [
    'HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_1E5D0001',   # Model A
    'HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_1E5D0002',   # Model B
]
status = "published"        # keep this comment

[[label]]
id = "share-all"
submission = "audio"
destination = "partner"
partner = "Litware"
hwids = "all"
"""


def test_revoking_one_id_keeps_everything_else_byte_for_byte(tmp_path, capsys):
    path = write_plan(tmp_path, SHARING_PLAN)
    assert main(["publish", "revoke", str(path), "--label", "share", "--hwid", MODEL_A.lower()]) == 0
    assert path.read_text(encoding="utf-8") == SHARING_PLAN.replace(
        "    'HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_1E5D0001',   # Model A\n", ""
    )
    output = capsys.readouterr().out
    assert f"Revoked 1 hardware ID(s) from label 'share' (shared with Contoso):\n  - {MODEL_A}\n" in output
    assert "Contoso's submission of this driver is deprecated" in output
    assert plan_found(path) == []


def test_revoking_from_all_lists_what_remains(tmp_path):
    path = write_plan(tmp_path, SHARING_PLAN)
    assert main(["publish", "revoke", str(path), "--label", "share-all", "--hwid", MODEL_B]) == 0
    plan = parse_plan(path.read_bytes(), "publish.toml", path)
    assert plan.labels[1].hwids == (MODEL_A,)
    assert path.read_text(encoding="utf-8").endswith(f"hwids = ['{MODEL_A}']\n")
    assert main(["publish", "revoke", str(path), "--label", "share", "--all"]) == 0
    assert parse_plan(path.read_bytes(), "publish.toml", path).labels[0].hwids == ()


def test_revoke_diff_writes_nothing(tmp_path, capsys):
    path = write_plan(tmp_path, SHARING_PLAN)
    assert main(["publish", "revoke", str(path), "--label", "share", "--all", "--diff"]) == 0
    assert path.read_text(encoding="utf-8") == SHARING_PLAN
    diff = capsys.readouterr().out
    assert "-    'HDAUDIO\\FUNC_01&VEN_10EC&DEV_0889&SUBSYS_1E5D0001',   # Model A\n" in diff


def test_revoke_keeps_a_byte_order_mark(tmp_path):
    path = write_plan(tmp_path, "")
    path.write_bytes(b"\xef\xbb\xbf" + SHARING_PLAN.encode("utf-8"))
    assert main(["publish", "revoke", str(path), "--label", "share", "--hwid", MODEL_B]) == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf[") is False
    assert path.read_bytes().startswith(b"\xef\xbb\xbforganization")


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--label", "nope", "--all"], "no label 'nope' (labels shared with partners: share, share-all)"),
        (
            ["--label", "share", "--hwid", "USB\\VID_1234&PID_0001"],
            "label 'share' does not share 'USB\\VID_1234&PID_0001'",
        ),
    ],
)
def test_revoke_refuses_what_cannot_be_revoked(tmp_path, capsys, arguments, message):
    path = write_plan(tmp_path, SHARING_PLAN)
    assert main(["publish", "revoke", str(path), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == SHARING_PLAN


def test_revoke_refuses_windows_update_labels_and_broken_plans(tmp_path):
    path = write_plan(
        tmp_path, SHARING_PLAN.replace('destination = "partner"\npartner = "Contoso"', 'destination = "windows-update"')
    )
    with pytest.raises(RevokeError, match="publishes to Windows Update"):
        plan_revocation(path, "share", None)
    path.write_text(SHARING_PLAN + "[[label\n", encoding="utf-8")
    with pytest.raises(RevokeError, match="fix the plan first"):
        plan_revocation(path, "share", None)
    with pytest.raises(RevokeError, match="cannot read"):
        plan_revocation(tmp_path / "missing.publish.toml", "share", None)
