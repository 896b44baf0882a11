"""The ``infcheck`` command line: argument parsing and wiring, nothing a library user would miss.

Exit status: 0 when no problem of level ``error`` remains, 1 when one does,
2 for usage, configuration or I/O errors (a one-line message on stderr).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from infcheck import __version__
from infcheck.collection import YOUNG_THRESHOLD
from infcheck.diagnostics import SEVERITIES, escape_control_characters
from infcheck.output import FORMATS
from infcheck.profiles import profile_choices, profile_named

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2

GROUP_TITLES = {
    "INF": "INF syntax, structure and references",
    "PUB": "Partner Center publication restrictions",
    "TGT": "Installation targeting and FeatureScore",
    "PKG": "The package folder: files the INF copies, their machine types, catalogs",
    "REPO": "Across the repository and its history: ranking ties, shared services, DriverVer raised",
}


class UsageError(Exception):
    """A problem with how infcheck was called; printed as one line, exit status 2."""


def _job_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if count < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return count


def _profile(text: str) -> str:
    profile = profile_named(text)
    if profile is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a profile; expected one of {profile_choices()}")
    return profile


def _codes(values: list[str] | None) -> list[str]:
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, asking for the terminal's width only when help is written.

    argparse makes a formatter for every argument added, to try its metavar, and the stock one
    asks for the terminal's width each time: that imports shutil, and with it three compression
    modules, on every start of a check that never prints its help.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **options: Any,
    ):
        super().__init__(prog, indent_increment, max_help_position, 0 if width is None else width, **options)
        if width is None:  # measured on first use, exactly as the stock formatter does it
            self._asked_help_position = max_help_position
            del self._width, self._max_help_position

    def __getattr__(self, name: str) -> Any:
        if name not in ("_width", "_max_help_position"):
            raise AttributeError(name)
        import shutil

        width = shutil.get_terminal_size().columns - 2
        self._width = width
        self._max_help_position = min(self._asked_help_position, max(width - 20, self._indent_increment * 2))
        return getattr(self, name)


class _ArgumentParser(argparse.ArgumentParser):
    """An argument parser (and, through ``add_subparsers``, sub-parsers) using :class:`_HelpFormatter`."""

    def __init__(self, *args: Any, formatter_class: Any = _HelpFormatter, **options: Any):
        super().__init__(*args, formatter_class=formatter_class, **options)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given ``command="check"``, only the check command's part of it.

    Each sub-parser costs argparse a few milliseconds of message-catalog lookups, which a
    commit hook running ``infcheck check`` would pay on every start for commands it does not use.
    """
    parser = _ArgumentParser(
        prog="infcheck",
        description="Check Windows driver INF and INX files and publishing plans (publish.toml) for syntax, "
        "structure and Partner Center publishing problems; compute CHIDs; simulate Windows Update offers.",
        epilog="Run 'infcheck COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"infcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check INF and INX files and publishing plans",
        description="Check INF and INX files and publishing plans (publish.toml, *.publish.toml). "
        "Exit status: 0 when no error remains, 1 when one does (with --diff: in the files as they are), "
        "2 for usage, configuration or I/O errors.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: .); folders are searched for *.inf, *.inx (any letter case) and "
        "publishing plans; - reads standard input; everything after -- is a path",
    )
    check.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    check.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these codes, prefixes (PUB, INF1) or rule names, replacing the configured selection; "
        "comma-separated, repeatable",
    )
    check.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="also skip these codes, prefixes or rule names, in addition to the configured ones; "
        "comma-separated, repeatable",
    )
    check.add_argument("--config", metavar="FILE", help="use this configuration file instead of searching for one")
    check.add_argument(
        "--profile",
        type=_profile,
        metavar="PROFILE",
        help="mirror one of InfVerif's modes: add the IV rules and give each InfVerif check the level that mode "
        "gives it (default: no switch, declarative: /k, universal: /u, windows-driver: /w, whql: /h; the switches "
        "are accepted as aliases)",
    )
    check.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="check standard input, reported (and configured) as NAME; implies - when no PATH is given",
    )
    check.add_argument("--fix", action="store_true", help="apply safe fixes to the files")
    check.add_argument("--diff", action="store_true", help="print the fixes as a unified diff instead of applying them")
    check.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply the configured exclusions to files named on the command line too",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit with 0 even when errors are found")
    check.add_argument("-q", "--quiet", action="store_true", help="do not print the summary line or a progress bar")
    check.add_argument(
        "-v", "--verbose", action="store_true", help="also list the files left unchecked (EDK2 module files) and why"
    )
    check.add_argument(
        "-j",
        "--jobs",
        type=_job_count,
        default=None,
        metavar="N",
        help="check files in up to N processes (default and upper bound: the processors this process may use, container CPU quotas included)",
    )
    check.add_argument(
        "--staged",
        action="store_true",
        help="check the versions of INF and INX files and plans staged in git instead of PATHs (for a commit hook)",
    )
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file afresh, neither reading nor writing the result cache",
    )
    check.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep the result cache in DIR (default: $INFCHECK_RESULT_CACHE, else the configuration's cache-dir, "
        "else .infcheck_cache in the project's folder)",
    )
    check.add_argument(
        "--since",
        metavar="REF",
        help="check only the packages (INF folders) in which a file changed since the git revision REF, and "
        "compare each INF with its version there (DriverVer raised, ExtensionId kept)",
    )
    if command == "check":
        parser.set_defaults(command_parsers=dict(commands.choices))
        return parser

    info = commands.add_parser(
        "info",
        help="show what each INF installs: devices, files, registry values",
        description="For each INF, list every hardware and compatible ID with its architecture, minimum Windows "
        "version, install section and services, the files it copies and where, and the registry values it "
        "writes. Exit status: 0, or 2 when a file cannot be read.",
    )
    info.add_argument("paths", nargs="+", metavar="PATH", help="INF or INX files, or folders to search for them")
    info.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): a summary per INF; json: one array with an object per INF (keys in the README)",
    )

    rules = commands.add_parser("rules", help="list every rule", description="List every rule, grouped by prefix.")
    rules.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): a table; json: one array of objects with code, name, severity, summary and options",
    )

    rule = commands.add_parser("rule", help="show a rule's documentation", description="Show a rule's documentation.")
    rule.add_argument("code", metavar="CODE", help="a rule code (PUB004) or name (two-part-hwid)")

    chid = commands.add_parser(
        "chid",
        help="compute a computer's hardware IDs (CHIDs) from SMBIOS values",
        description="Compute the 15 Windows 10 CHIDs from SMBIOS values given as flags, read from this "
        "machine (--from-dmi) or from text printed by fwupdtool hwids or ComputerHardwareIds.exe (--from-file). "
        "Flags override values read from a source. Numbers are decimal or 0x hexadecimal (0-255).",
    )
    for flag, help_text in (
        ("--manufacturer", "system manufacturer (SMBIOS type 1)"),
        ("--family", "system family"),
        ("--product-name", "system product name"),
        ("--sku", "system SKU number"),
        ("--bios-vendor", "BIOS vendor (SMBIOS type 0)"),
        ("--bios-version", "BIOS version string"),
        ("--bios-major", "system BIOS major release (a number)"),
        ("--bios-minor", "system BIOS minor release (a number)"),
        ("--enclosure-type", "chassis type (SMBIOS type 3, a number)"),
        ("--baseboard-manufacturer", "baseboard manufacturer (SMBIOS type 2)"),
        ("--baseboard-product", "baseboard product"),
    ):
        chid.add_argument(flag, metavar="VALUE", help=help_text)
    source = chid.add_mutually_exclusive_group()
    source.add_argument(
        "--from-dmi",
        nargs="?",
        const="/sys/class/dmi/id",
        metavar="DIR",
        help="read this machine's values from /sys/class/dmi/id (or DIR)",
    )
    source.add_argument(
        "--from-file",
        metavar="FILE",
        help="read the Computer Information block printed by fwupdtool hwids or ComputerHardwareIds.exe (- for standard input)",
    )
    chid.add_argument(
        "--inventory",
        metavar="FILE",
        help="compute the CHIDs of every system of an inventory (CSV, Parquet or JSON Lines with SMBIOS columns); "
        "written as CSV to standard output or to --output",
    )
    chid.add_argument("--output", metavar="FILE", help="with --inventory: write to FILE (.csv, .parquet or .jsonl)")
    chid.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object: HardwareID-0 ... HardwareID-14 -> braced GUID or null",
    )

    simulate = commands.add_parser(
        "simulate",
        help="simulate which driver Windows Update offers to each system",
        description="Rank drivers as PnP does and apply installation and distribution targeting to decide "
        "which driver Windows Update offers to each device of each system in a scenario file.",
    )
    simulate.add_argument(
        "scenario",
        nargs="*",
        metavar="SCENARIO.toml",
        help="drivers and systems; with --plan, the systems (and any extra drivers); with --inventory, "
        "the drivers: scenario files (their systems are ignored) or INF files",
    )
    simulate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): two lines per device; json: one object with a results array, one result per line",
    )
    simulate.add_argument(
        "--plan", metavar="PUBLISH.toml", help="take the drivers from this publishing plan's Windows Update labels"
    )
    simulate.add_argument(
        "--include-pending", action="store_true", help="with --plan, count pending labels as published too"
    )
    _add_fleet_arguments(simulate)

    publish = commands.add_parser(
        "publish",
        help="edit a publishing plan as Partner Center would",
        description="Edit a publishing plan as Partner Center would. The one action today is revoke.",
    )
    actions = publish.add_subparsers(dest="action", metavar="ACTION", required=True)
    revoke = actions.add_parser(
        "revoke",
        help="revoke hardware IDs from a label shared with a partner",
        description="Remove hardware IDs from a label that shares a driver with a partner, keeping the plan's "
        "comments and layout, and say what Partner Center then does on the partner's side.",
    )
    revoke.add_argument("plan", metavar="PUBLISH.toml")
    revoke.add_argument("--label", required=True, metavar="ID", help="the partner label to revoke from")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--hwid", action="append", metavar="ID", help="a hardware ID to revoke (repeatable)")
    which.add_argument("--all", action="store_true", help="revoke every hardware ID the label shares")
    revoke.add_argument("--diff", action="store_true", help="print the change as a unified diff instead of writing it")
    # main() uses these to report a mistyped option with the usage of the command it was given to.
    parser.set_defaults(command_parsers={**commands.choices, "publish revoke": revoke})
    return parser


def _add_fleet_arguments(simulate: argparse.ArgumentParser) -> None:
    simulate.add_argument(
        "--inventory",
        metavar="FILE",
        help="take the systems from an inventory: one row per device (CSV, Parquet or a Parquet folder, JSON Lines)",
    )
    simulate.add_argument(
        "--engine",
        choices=("duckdb", "spark", "python"),
        help="run the decision query in DuckDB (the default for fleet runs) or on Spark (Parquet inventories "
        "beyond one machine), or run the reference Python engine",
    )
    simulate.add_argument(
        "--output", metavar="FILE", help="stream the results to FILE (.csv, .parquet or .jsonl) and print a summary"
    )
    simulate.add_argument("--summary-plot", metavar="FILE.png", help="draw the summary by driver and outcome")
    simulate.add_argument("--explain", metavar="SYSTEM_ID", help="print the full reasoning for one system")


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        # A file name that is not UTF-8 reaches here as surrogate escapes; they go back out as
        # the bytes of that name, as they would to a terminal.
        Path(output).write_text(text, encoding="utf-8", errors="surrogateescape")
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from None


def _is_other_file(given: str) -> bool:
    """Whether ``given`` names an existing file that is neither an INF, an INX nor a publishing plan."""
    from infcheck.runner import is_checked_file

    path = Path(given)
    return path.is_file() and not is_checked_file(path.name)


def _summary(run) -> str:
    diagnostics = run.diagnostics
    files = len(run.files)
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return f"No problems found in {files} {noun}."
    counts = dict.fromkeys(SEVERITIES, 0)
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    parts = ", ".join(f"{count} {severity}{'s' if count != 1 else ''}" for severity, count in counts.items() if count)
    total = len(diagnostics)
    return f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {files} {noun}."


def _report_skipped(skipped: list[tuple[str, str]], verbose: bool, quiet: bool) -> None:
    """Say how many EDK2 module files were left unchecked, and with ``verbose`` which and why."""
    from infcheck.edk2 import skipped_message

    if verbose:
        for path, reason in skipped:
            print(f"infcheck: {escape_control_characters(skipped_message(path, reason))}", file=sys.stderr)
    if skipped and not quiet:
        noun = "file" if len(skipped) == 1 else "files"
        print(
            f"infcheck: skipped {len(skipped)} EDK2 module {noun} (firmware build descriptions, not Windows INF files)",
            file=sys.stderr,
        )


def _pass_file_names_through() -> None:
    """Let the names of files that are not UTF-8 be printed as the bytes they are (POSIX file
    names are bytes; Python carries the undecodable ones as surrogate escapes)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") == "utf8":
            stream.reconfigure(errors="surrogateescape")


def _result_cache_folder(flag: str | None, config_file: Path | None) -> Path:
    """Where the result cache is: ``--cache-dir``, else ``$INFCHECK_RESULT_CACHE``, else the ``cache-dir`` of the
    configuration in effect here, else ``.infcheck_cache`` next to that configuration file, else at the top
    of the repository holding the current folder (or in the current folder outside a repository)."""
    from infcheck.config import ConfigResolver
    from infcheck.files import repository_root
    from infcheck.result_cache import ENVIRONMENT_VARIABLE, default_folder

    chosen = flag or os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen:
        return Path(chosen).absolute()
    config = ConfigResolver(config_file).for_path(Path.cwd() / "_")
    if config.cache_dir is not None:
        return config.cache_dir
    return default_folder(config.root if config.source is not None else repository_root(Path.cwd()))


def run_check(arguments: argparse.Namespace) -> int:
    from infcheck.config import ConfigError, resolve_selectors
    from infcheck.output import renderer
    from infcheck.progress import ProgressBar
    from infcheck.runner import CheckOptions, check_paths, check_staged, check_stdin

    try:
        select = resolve_selectors(_codes(arguments.select), "--select") if arguments.select else None
        ignore = resolve_selectors(_codes(arguments.ignore), "--ignore") if arguments.ignore else set()
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if select is not None and not select:
        raise UsageError("--select names no rule")
    config_file = Path(arguments.config) if arguments.config else None
    if config_file is not None and not config_file.is_file():
        raise UsageError(f"--config: {arguments.config} is not a file")
    options = CheckOptions(
        select=select,
        ignore=ignore,
        config_file=config_file,
        force_exclude=arguments.force_exclude,
        fix=arguments.fix,
        diff=arguments.diff,
        jobs=arguments.jobs,
        profile=arguments.profile,
        since=arguments.since,
    )
    if arguments.stdin_filename is not None and not arguments.paths:
        paths = ["-"]  # naming standard input means checking it, as other linters do
    else:
        paths = arguments.paths or ["."]
    if arguments.stdin_filename is not None and paths != ["-"]:
        raise UsageError("--stdin-filename names standard input; give - as the only PATH (or no PATH)")
    not_checkable = [given for given in paths if given != "-" and _is_other_file(given)]
    if not_checkable:
        raise UsageError(
            f"{not_checkable[0]}: not an INF, INX or publishing-plan file (*.inf, *.inx, publish.toml, "
            "*.publish.toml); not checked"
        )
    if arguments.diff and arguments.format != "text":
        raise UsageError("--diff prints a unified diff; it cannot be combined with --format")
    if arguments.staged and (arguments.paths or arguments.fix or arguments.diff):
        raise UsageError("--staged checks what git has staged; it takes no PATH and no --fix or --diff")
    if arguments.since is not None and (arguments.staged or "-" in paths):
        raise UsageError(
            "--since compares the files on disk with a git revision; it cannot be combined with --staged or -"
        )
    _pass_file_names_through()
    progress = ProgressBar() if ProgressBar.wanted() and not arguments.quiet else None
    try:
        if not arguments.no_cache:
            options = options._replace(cache_folder=_result_cache_folder(arguments.cache_dir, config_file))
        if arguments.staged:
            run = check_staged(options)
        elif paths == ["-"]:
            stdin_data = sys.stdin.buffer.read()
            run = check_stdin(stdin_data, arguments.stdin_filename, options)
        elif "-" in paths:
            raise UsageError("'-' (standard input) cannot be combined with other paths")
        else:
            run = check_paths(paths, options, progress)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    except Exception as error:
        from infcheck.wider import SinceError

        if isinstance(error, SinceError):
            raise UsageError(str(error)) from None
        raise
    finally:
        if progress is not None:
            progress.close()

    if arguments.diff:
        # The diff is the whole output: what --fix would change, and nothing else.
        _write("".join(result.diff for result in run.files), arguments.output)
    elif paths == ["-"] and arguments.fix:
        # Standard input has no file to rewrite: the content, fixed or not, goes to standard
        # output and the report to standard error (or to --output).
        result = run.files[0] if run.files else None
        sys.stdout.buffer.write(result.fixed_data if result and result.fixed_data is not None else stdin_data)
        sys.stdout.flush()
        report = renderer(arguments.format)(run.diagnostics)
        if arguments.output:
            _write(report, arguments.output)
        else:
            sys.stderr.write(report)
    else:
        _write(renderer(arguments.format)(run.diagnostics), arguments.output)
    sys.stdout.flush()
    for message in run.errors:
        print(f"infcheck: {escape_control_characters(' '.join(message.split()))}", file=sys.stderr)
    for message in run.notes:
        print(f"infcheck: note: {escape_control_characters(message)}", file=sys.stderr)
    if arguments.format == "text" and run.files and not (arguments.quiet or arguments.diff or run.errors):
        fixed = f" Fixed {run.fixed}." if run.fixed and arguments.fix else ""
        print(_summary(run) + fixed, file=sys.stderr)
    _report_skipped(run.skipped, arguments.verbose, arguments.quiet)
    if not run.files and not run.errors and arguments.since is not None:
        print(f"infcheck: no package in {', '.join(paths)} changed since {arguments.since}", file=sys.stderr)
    elif (
        not run.files
        and not run.skipped
        and not run.notes
        and not run.errors
        and not arguments.staged
        and paths != ["-"]
    ):
        # As other linters do: nothing to check is worth saying, but not a failure.
        print(f"infcheck: warning: no INF, INX or plan files found in {', '.join(paths)}", file=sys.stderr)
    if run.errors:
        return EXIT_ERROR
    # With --diff nothing is written, so the status says whether errors remain in the files as they are.
    if run.has_errors and not arguments.exit_zero:
        return EXIT_PROBLEMS
    return EXIT_OK


def run_info(arguments: argparse.Namespace) -> int:
    from infcheck.config import ConfigError, ConfigResolver
    from infcheck.files import read_message
    from infcheck.info import describe, read_inf, render_json, render_text
    from infcheck.runner import INF_SUFFIXES, discover

    errors: list[str] = []
    try:
        found = list(discover(arguments.paths, ConfigResolver(None), False, errors))
    except ConfigError as error:
        raise UsageError(str(error)) from None
    descriptions = []
    for path in found:
        if not path.name.lower().endswith(INF_SUFFIXES):
            continue
        display = path.as_posix()
        try:
            descriptions.append(describe(read_inf(path, display)))
        except OSError as error:
            errors.append(f"{display}: cannot read: {read_message(error)}")
    _pass_file_names_through()
    sys.stdout.write((render_json if arguments.format == "json" else render_text)(descriptions))
    sys.stdout.flush()
    for message in errors:
        print(f"infcheck: {escape_control_characters(message)}", file=sys.stderr)
    return EXIT_ERROR if errors else EXIT_OK


def run_rules(arguments: argparse.Namespace) -> int:
    from infcheck.rules import RULES

    if arguments.format == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity,
                "summary": r.summary,
                "options": sorted(r.options),
                "infverif": list(r.infverif),
            }
            for r in RULES
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return EXIT_OK
    lines = []
    prefix = None
    for rule in RULES:
        if rule.prefix != prefix:
            prefix = rule.prefix
            if lines:
                lines.append("")
            lines.append(f"{prefix}: {GROUP_TITLES.get(prefix, '')}".rstrip(": "))
        lines.append(f"  {rule.code}  {rule.name:<36} {rule.severity:<8} {rule.summary}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def run_rule(arguments: argparse.Namespace) -> int:
    from infcheck.rules import find_rule

    rule = find_rule(arguments.code)
    if rule is None:
        raise UsageError(f"no rule {arguments.code!r}; 'infcheck rules' lists them")
    options = ""
    if rule.options:
        options = "\n## Options\n" + "".join(
            f"- `{name}` ({option.kind.__name__}, default {option.default!r}): {option.help}\n"
            for name, option in rule.options.items()
        )
    mirrors = f"; mirrors InfVerif {', '.join(map(str, rule.infverif))}" if rule.infverif else ""
    sys.stdout.write(f"{rule.code} {rule.name} (default level: {rule.severity}{mirrors})\n\n{rule.doc}\n{options}")
    return EXIT_OK


def run_chid(arguments: argparse.Namespace) -> int:
    from dataclasses import replace

    if arguments.inventory is not None or arguments.output is not None:
        from infcheck.publish.fleet import FleetError
        from infcheck.publish.fleet_chids import write_inventory_chids

        if arguments.inventory is None:
            raise UsageError("--output goes with --inventory")
        try:
            write_inventory_chids(Path(arguments.inventory), arguments.output, sys.stdout)
        except FleetError as error:
            raise UsageError(str(error)) from None
        return EXIT_OK

    from infcheck.publish.chid import FIELD_NAMES, NUMERIC_FIELDS, Smbios, compute_chids, parse_byte
    from infcheck.publish.smbios_sources import CaptureError, parse_capture, read_capture, read_capture_stream, read_dmi

    try:
        if arguments.from_dmi:
            smbios = read_dmi(Path(arguments.from_dmi))
        elif arguments.from_file:
            if arguments.from_file == "-":
                text = read_capture_stream(sys.stdin.buffer)
            else:
                text = read_capture(Path(arguments.from_file))
            smbios = parse_capture(text)
        else:
            smbios = Smbios()
    except OSError as error:
        raise UsageError(f"{error.filename}: {error.strerror}" if error.filename else str(error)) from None
    except (CaptureError, ValueError) as error:
        raise UsageError(f"{arguments.from_file or arguments.from_dmi}: {error}") from None

    overrides = {}
    for name in FIELD_NAMES:
        given = getattr(arguments, name)
        if given is None:
            continue
        if name in NUMERIC_FIELDS:
            try:
                overrides[name] = parse_byte(given)
            except ValueError as error:
                raise UsageError(f"--{name.replace('_', '-')}: {error}") from None
        else:
            overrides[name] = given
    smbios = replace(smbios, **overrides)
    if all(getattr(smbios, name) is None for name in FIELD_NAMES):
        if arguments.from_dmi:
            raise UsageError(f"{arguments.from_dmi}: no SMBIOS values found there (expected files such as sys_vendor)")
        raise UsageError("no SMBIOS values given; use flags such as --manufacturer, --from-dmi or --from-file")

    chids = compute_chids(smbios)
    if arguments.json:
        import json

        sys.stdout.write(json.dumps({chid.name: chid.braced for chid in chids}, indent=2) + "\n")
        return EXIT_OK
    from infcheck.publish.chid import FIELD_LABELS

    lines = ["Computer Information", "--------------------"]
    for name in FIELD_NAMES:
        value = getattr(smbios, name)
        if value is not None:
            lines.append(f"{FIELD_LABELS[name]}: {escape_control_characters(str(value))}")
    lines += ["", "Hardware IDs", "------------"]
    for chid in chids:
        if chid.guid is not None:
            lines.append(f"{chid.name:<14} {chid.braced}    <- {chid.label}")
        else:
            missing = ", ".join(FIELD_LABELS[name] for name in chid.missing)
            lines.append(f"{chid.name:<14} (not produced: {missing} missing)    <- {chid.label}")
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def run_simulate(arguments: argparse.Namespace) -> int:
    from infcheck.publish.scenario import ScenarioError, load_scenario
    from infcheck.publish.simulate import simulate_outcomes

    if arguments.include_pending and not arguments.plan:
        raise UsageError("--include-pending needs --plan")
    fleet = arguments.inventory or arguments.engine or arguments.output or arguments.summary_plot or arguments.explain
    if fleet:
        from infcheck.publish.fleet_cli import run_fleet_simulation

        return run_fleet_simulation(arguments, _plan_drivers, UsageError)
    if len(arguments.scenario) != 1:
        raise UsageError("simulate takes one SCENARIO.toml (several driver files only with --inventory)")
    # A large scenario and its decisions are millions of objects without a cycle among them, alive
    # until the end: the cyclic collector would scan them again and again and find nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            drivers = _plan_drivers(Path(arguments.plan), arguments.include_pending) if arguments.plan else None
            scenario = load_scenario(Path(arguments.scenario[0]), drivers)
        except ScenarioError as error:
            raise UsageError(str(error)) from None
        return _write_outcomes(simulate_outcomes(scenario), arguments.format)
    finally:
        # Into the oldest generation unscanned, so that turning the collector back on does not set off
        # a collection of all of them at once.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def _write_outcomes(outcomes: list, output_format: str) -> int:
    """Write what :func:`~infcheck.publish.simulate.simulate_outcomes` decided, as text or JSON.

    Devices decided alike share one outcome, so each outcome is written once and every device's
    result is its system ID and position followed by that text: a hundred thousand systems repeat
    a few hundred outcomes.
    """
    system_ids = "".join([system_id for system_id, _, _ in outcomes])
    if output_format == "json":
        import json
        import re

        # Printable ASCII but the quote and the backslash: written as JSON exactly as it is.
        plain_json_string = re.compile(r"[ !#-\[\]-~]*")
        plain_ids = plain_json_string.fullmatch(system_ids) is not None
        endings: dict[tuple, str] = {}

        def json_ending(outcome: tuple) -> str:
            installed, choice, offer, reason = outcome
            fields = {"installed": installed, "choice": choice, "offer": offer, "reason": reason}
            whole = json.dumps({"system": "", "device": 0, **fields}, ensure_ascii=False)
            ending = endings[outcome] = whole[whole.index(', "installed": ') :]
            return ending

        def quoted(system: str) -> str:
            return f'"{system}"' if plain_json_string.fullmatch(system) else json.dumps(system, ensure_ascii=False)

        # One result per line: readable, and quick to write for a hundred thousand systems.
        if plain_ids:
            rows = [
                f'  {{"system": "{system}", "device": {position}{endings.get(outcome) or json_ending(outcome)}'
                for system, position, outcome in outcomes
            ]
        else:
            rows = [
                f'  {{"system": {quoted(system)}, "device": {position}{endings.get(outcome) or json_ending(outcome)}'
                for system, position, outcome in outcomes
            ]
        sys.stdout.write('{"results": [\n')
        sys.stdout.write(",\n".join(rows))
        sys.stdout.write("\n]}\n" if rows else "]}\n")
        return EXIT_OK
    safe_ids = escape_control_characters(system_ids) == system_ids
    text_endings: dict[tuple, str] = {}

    def text_ending(outcome: tuple) -> str:
        installed, choice, offer, reason = outcome
        # Escaping goes character by character, so the parts of a line can be escaped apart.
        first = f": installed {installed or '-'}, choice {choice or '-'}, offer {offer or '-'}"
        ending = text_endings[outcome] = (
            f"{escape_control_characters(first)}\n{escape_control_characters(f'    {reason}')}\n"
        )
        return ending

    sys.stdout.write(
        "".join(
            [
                f"{system if safe_ids else escape_control_characters(system)}  device {position}"
                f"{text_endings.get(outcome) or text_ending(outcome)}"
                for system, position, outcome in outcomes
            ]
        )
    )
    return EXIT_OK


def _plan_drivers(path: Path, include_pending: bool):
    from infcheck.files import read_message, read_regular_file
    from infcheck.publish.plan import parse_plan
    from infcheck.publish.plan_drivers import drivers_from_plan
    from infcheck.publish.scenario import ScenarioError

    try:
        data = read_regular_file(path)
    except OSError as error:
        raise ScenarioError(f"{path}: cannot read: {read_message(error)}") from None
    return drivers_from_plan(parse_plan(data, str(path), path), include_pending)


def run_publish(arguments: argparse.Namespace) -> int:
    from infcheck.fixes import FileChanged, write_fixed
    from infcheck.publish.revoke import RevokeError, plan_revocation, receiver_consequences

    path = Path(arguments.plan)
    try:
        revocation = plan_revocation(path, arguments.label, None if arguments.all else arguments.hwid)
    except RevokeError as error:
        raise UsageError(str(error)) from None
    label = revocation.label
    if arguments.diff:
        import difflib

        before = revocation.original.decode("utf-8-sig").splitlines(keepends=True)
        after = revocation.revised.decode("utf-8-sig").splitlines(keepends=True)
        sys.stdout.writelines(difflib.unified_diff(before, after, f"a/{path.as_posix()}", f"b/{path.as_posix()}"))
        return EXIT_OK
    try:
        write_fixed(path, revocation.original, revocation.revised)
    except FileChanged:
        raise UsageError(f"{path} changed while it was read; nothing was written") from None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    lines = [f"Revoked {len(revocation.revoked)} hardware ID(s) from label '{label.id}' (shared with {label.partner}):"]
    lines += [f"  - {hwid}" for hwid in revocation.revoked]
    lines.append(f"{path} updated; {len(revocation.remaining)} hardware ID(s) remain shared.")
    lines.append("")
    lines.append(f"What Partner Center does on {label.partner}'s side:")
    lines += [f"  - {sentence}" for sentence in receiver_consequences(revocation)]
    sys.stdout.write("".join(escape_control_characters(line) + "\n" for line in lines))
    return EXIT_OK


def run() -> NoReturn:
    """The ``infcheck`` program (``python -m infcheck`` and the installed command): :func:`main`,
    then the end of the process; a check or a simulation ends it without tearing the interpreter down."""
    # Start-up makes tens of thousands of objects that live as long as the process (modules, the
    # parser, the rules): collecting the youngest generation every 700 of them frees nothing.
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    status = main()
    if sys.argv[1:2] in (["check"], ["simulate"]):
        _exit_at_once(status)
    sys.exit(status)


def _exit_at_once(status: int) -> NoReturn:
    """End the process with ``status``, skipping what Python's exit does that no one sees.

    Freeing every module and a last full garbage collection cost a small check a tenth of its
    time, and freeing a large scenario's systems and decisions one by one takes seconds. What matters of Python's exit is done here: buffered output is written and the atexit
    functions run. A run that may have left threads or worker processes behind ends the usual
    way, which waits for them, as does one whose output cannot be written (Python reports that).
    """
    threading = sys.modules.get("threading")
    if "concurrent.futures" in sys.modules or (threading is not None and threading.active_count() > 1):
        sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        sys.exit(status)
    atexit._run_exitfuncs()
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(given[0] if given and given[0] == "check" else None)
    arguments, unknown = parser.parse_known_args(argv)
    if unknown:
        command = (
            arguments.command + (" revoke" if arguments.command == "publish" else "") if arguments.command else None
        )
        (arguments.command_parsers.get(command) or parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    handlers = {
        "check": run_check,
        "info": run_info,
        "rules": run_rules,
        "rule": run_rule,
        "chid": run_chid,
        "simulate": run_simulate,
        "publish": run_publish,
    }
    handler = handlers.get(arguments.command)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return handler(arguments)
    except UsageError as error:
        print(f"infcheck: {escape_control_characters(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        # A bug in infcheck still ends in one line and status 2; the traceback is for whoever fixes it.
        if os.environ.get("INFCHECK_TRACEBACK"):
            raise
        reason = escape_control_characters(" ".join(str(error).split()))
        print(
            f"infcheck: internal error: {type(error).__name__}{': ' + reason if reason else ''} "
            "(set INFCHECK_TRACEBACK=1 to see where)",
            file=sys.stderr,
        )
        return EXIT_ERROR
