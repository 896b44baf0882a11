"""Measure how fast the language server's checker answers on a large INF file.

    python bench/bench_lsp.py [--lines N] [--repeat N] [--server]

Generates a realistic network-adapter INF of about 25,000 lines (UTF-16 LE,
as vendors ship large INF files) and prints, as medians over the runs:

* full check: parsing the text and checking it with every rule, as
  ``infcheck check`` does; the baseline, measured in the same run;
* open: the first check of the text through the incremental checker, which
  also builds what later checks reuse (target under 1 s);
* one-character edits at several places: the server's time to take the new
  text and check it (target under 50 ms), and the same for undoing the edit.

With ``--server``, the open and the same edits are also measured through the
real language server, from sending the change to receiving its diagnostics.

Each figure is also given as a ratio to the full check, and next to each wall
time the processor time of the benchmark's process, which is what the work
itself costs when other processes share the machine. After the timed runs
every edited text is checked once more from scratch, and the bench says
whether the incremental result was the same (it must be).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from infcheck.config import Config  # noqa: E402
from infcheck.decode import Encoding  # noqa: E402
from infcheck.engine import check_document  # noqa: E402
from infcheck.incremental import IncrementalChecker  # noqa: E402
from infcheck.parse import parse_text  # noqa: E402

UTF16 = Encoding("utf-16-le", b"\xff\xfe", "\r\n")
PATH = "bignet.inf"

# Where the edits are made: a name for the report, a text that occurs once, and how far into it the character goes.
EDITS = (
    ("inside a Models entry", "%Dev03000.DeviceDesc% = Install_00, PCI\\VEN_8086&DEV_1BB8", 50),
    ("inside a [Strings] value", 'Dev02500.DeviceDesc = "Contoso', 27),
    ("in a section header", "[Install_31.CopyFiles]", 10),
    ("inside an AddReg line", "HKR, Ndi\\params\\Param012, ParamDesc", 20),
    ("at the top of the file", "; Copyright", 11),
    ("in a Models section header", "[Contoso.NTarm64.10.0...19041]", 8),
)


def generate_inf(target_lines: int = 25_000, install_count: int = 50, addreg_lines: int = 100) -> str:
    """A network-adapter INF of about ``target_lines`` lines, CRLF-terminated.

    Its shape follows the big INF files vendors ship: two decorated Models
    sections listing the same devices for two platforms, fifty install sections
    each with its own AddReg, service and event log sections, and a [Strings]
    section holding every device description and parameter name. A few real
    problems are planted so that there is something to report. Tests ask for
    small ones with fewer install sections and shorter AddReg sections.
    """
    per_install = addreg_lines + 30
    remaining = max(target_lines - install_count * per_install - 40, 200)
    # Each device costs two Models lines and one string.
    devices = max(remaining // 3, 20)
    lines: list[str] = [
        "; bignet.inf: Contoso multi-port network adapters (generated for benchmarks).",
        ";",
        "; Copyright (c) Contoso Ltd.",
        "",
        "[Version]",
        'Signature   = "$Windows NT$"',
        "Class       = Net",
        "ClassGuid   = {4d36e972-e325-11ce-bfc1-08002be10318}",
        "Provider    = %ProviderName%",
        "CatalogFile = bignet.cat",
        "DriverVer   = 01/15/2026,10.2.3.4",
        "PnpLockdown = 1",
        "",
        "[SourceDisksNames]",
        '1 = %DiskName%,,,""',
        "",
        "[SourceDisksFiles]",
        "bignet.sys = 1",
        "bignetco.dll = 1",
        "",
        "[DestinationDirs]",
        "DefaultDestDir = 13",
        "",
        "[ControlFlags]",
        "ExcludeFromSelect = *",
        "",
        "[Manufacturer]",
        "%Contoso% = Contoso, NTamd64.10.0...19041, NTarm64.10.0...19041",
        "",
    ]
    for platform in ("NTamd64", "NTarm64"):
        lines.append(f"[Contoso.{platform}.10.0...19041]")
        for device in range(devices):
            install = device % install_count
            code = 0x1000 + device
            subsystem = f"{device % 97:04X}{code:04X}"
            if device % 997 == 500:
                # A two-part ID, which Partner Center holds (PUB004).
                ids = f"PCI\\VEN_8086&DEV_{code:04X}"
            else:
                ids = f"PCI\\VEN_8086&DEV_{code:04X}&SUBSYS_{subsystem}&REV_{device % 16:02X}, PCI\\VEN_8086&DEV_{code:04X}&SUBSYS_{subsystem}"
            lines.append(f"%Dev{device:05d}.DeviceDesc% = Install_{install:02d}, {ids}")
        lines.append("")
    for install in range(install_count):
        name = f"Install_{install:02d}"
        lines += [
            f"[{name}.NT]",
            f"CopyFiles       = {name}.CopyFiles",
            f"AddReg          = {name}.AddReg, Common.AddReg",
            "*IfType         = 6",
            "*MediaType      = 0",
            "*PhysicalMediaType = 14",
            "Characteristics = 0x84",
            "BusType         = 5",
            "FeatureScore    = 0x80" if install != 7 else "FeatureScore    = 80h",
            "",
            f"[{name}.NT.Services]",
            f"AddService = bignet{install:02d}, 0x00000002, {name}.Service, {name}.EventLog",
            "",
            f"[{name}.NT.HW]",
            f"AddReg = {name}.HW.AddReg",
            "",
            f"[{name}.HW.AddReg]",
            "HKR, Interrupt Management\\MessageSignaledInterruptProperties, MSISupported, 0x00010001, 1",
            "",
            f"[{name}.CopyFiles]",
            "bignet.sys,,,0x00004000",
            "",
            f"[{name}.Service]",
            f"DisplayName    = %Service{install:02d}.DisplayName%",
            "ServiceType    = 1",
            "StartType      = 3",
            "ErrorControl   = 1",
            "ServiceBinary  = %13%\\bignet.sys",
            "",
            f"[{name}.EventLog]",
            f"AddReg = {name}.EventLog.AddReg",
            "",
            f"[{name}.EventLog.AddReg]",
            'HKR,,EventMessageFile,0x00020000,"%%SystemRoot%%\\System32\\netevent.dll"',
            "HKR,,TypesSupported,0x00010001,7",
            "",
            f"[{name}.AddReg]",
        ]
        for parameter in range(addreg_lines // 4):
            key = f"Ndi\\params\\Param{parameter:03d}"
            lines += [
                f"HKR, {key}, ParamDesc, 0, %Param{parameter:03d}.Desc%",
                f'HKR, {key}, default,   0, "{parameter % 3}"',
                f'HKR, {key}, type,      0, "enum"',
                f'HKR, {key}\\enum, "{parameter % 3}", 0, %Param{parameter:03d}.Desc%',
            ]
        lines.append("")
    lines += [
        "[Common.AddReg]",
        'HKR, Ndi, Service, 0, "bignet"',
        'HKR, Ndi\\Interfaces, UpperRange, 0, "ndis5"',
        'HKR, Ndi\\Interfaces, LowerRange, 0, "ethernet"',
        "",
        "[Strings]",
        'ProviderName = "Contoso"',
        'Contoso      = "Contoso Ltd."',
        'DiskName     = "Contoso Network Adapter Disk"',
    ]
    for install in range(install_count):
        lines.append(f'Service{install:02d}.DisplayName = "Contoso Adapter Service {install:02d}"')
    for parameter in range(addreg_lines // 4):
        lines.append(f'Param{parameter:03d}.Desc = "Parameter {parameter:03d} – Übertragungsrate"')
    for device in range(devices):
        if device % 1500 == 700:
            continue  # an undefined token (INF201)
        lines.append(f'Dev{device:05d}.DeviceDesc = "Contoso® Gigabit Adapter {device:05d} ({device % 4 + 1} ports)"')
    return "\r\n".join(lines) + "\r\n"


def median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def timed(action, cpu: list[float] | None = None) -> float:
    """Wall time of ``action``; its processor time is added to ``cpu`` when given, which
    tells what the check itself costs when other processes share the machine."""
    start, start_cpu = time.perf_counter(), time.process_time()
    action()
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--server", action="store_true", help="also measure through the real language server")
    arguments = parser.parse_args()
    text = generate_inf(arguments.lines)
    rules = Config().rules_for(None)
    lines = text.count("\n")
    print(
        f"generated INF: {lines} lines, {len(text) / 1e6:.2f} M characters; {len(rules)} rules; medians of {arguments.repeat} runs"
    )

    def full_check():
        return check_document(parse_text(text, PATH, UTF16), rules)

    def open_file():
        checker = IncrementalChecker(PATH)
        checker.update(text, UTF16, None, None)
        return checker.check(rules)

    expected = full_check()  # also warms the parser and the hardware-ID memo, as a running server has them
    full_times, open_times, full_cpu, open_cpu = [], [], [], []
    for _ in range(max(3, arguments.repeat // 3)):
        gc.collect()
        full_times.append(timed(full_check, full_cpu))
        gc.collect()
        open_times.append(timed(open_file, open_cpu))
    full = median_ms(full_times)
    opened = median_ms(open_times)
    print("  (wall time, and in brackets the processor time of this process)")
    print(f"  full check (baseline)                   {full:8.1f} ms ({median_ms(full_cpu):6.1f})")
    print(
        f"  open (first check, incremental checker) {opened:8.1f} ms ({median_ms(open_cpu):6.1f})"
        f"  {opened / full:5.2f} x full   (target under 1000 ms)"
    )
    assert open_file() == expected, "the first check differs from the full check"

    checker = IncrementalChecker(PATH)
    checker.update(text, UTF16, None, None)
    checker.check(rules)
    print("  one-character edit, then undo (update + check, as the server does for each change; target under 50 ms):")
    all_same = True
    for name, anchor, into in EDITS:
        if anchor not in text:
            print(f"    {name:<28} (not in a file this small)")
            continue
        at = text.index(anchor) + into
        edited = text[:at] + "x" + text[at:]

        def edit(edited=edited, at=at):
            checker.update(edited, UTF16, (at, at + 1), None)  # as the server passes it: the stretch that changed
            checker.check(rules)

        def undo(at=at):
            checker.update(text, UTF16, (at, at), None)
            checker.check(rules)

        edit_times, undo_times, edit_cpu, undo_cpu = [], [], [], []
        for _ in range(arguments.repeat):
            edit_times.append(timed(edit, edit_cpu))
            undo_times.append(timed(undo, undo_cpu))
        checker.update(edited, UTF16, (at, at + 1), None)
        same = checker.check(rules) == check_document(parse_text(edited, PATH, UTF16), rules)
        checker.update(text, UTF16, (at, at), None)
        same = same and checker.check(rules) == expected
        all_same = all_same and same
        edit, undo = median_ms(edit_times), median_ms(undo_times)
        print(
            f"    {name:<28} edit {edit:6.1f} ms ({median_ms(edit_cpu):5.1f}) {edit / full:6.3f} x full,"
            f" undo {undo:6.1f} ms ({median_ms(undo_cpu):5.1f}) {undo / full:6.3f} x full"
            f"{'' if same else '  DIFFERS FROM THE FULL CHECK'}"
        )
    print(f"  every incremental result equal to the full check: {'yes' if all_same else 'NO'}")
    if not all_same:
        sys.exit(1)
    if arguments.server:
        asyncio.run(measure_server(text, arguments.repeat))


async def measure_server(text: str, repeat: int) -> None:
    """The same edits through the real language server (``python -m lsp_server``, no debounce):
    the time from sending each change to receiving the diagnostics for that version, which adds
    the protocol's work (JSON, the pipe, applying the change, converting positions) to the check."""
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("bench-lsp", "1")
    arrived: dict[int, float] = {}
    waiting: dict[int, asyncio.Event] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            waiting.setdefault(params.version, asyncio.Event()).set()

    async def until_published(version: int) -> float:
        await asyncio.wait_for(waiting.setdefault(version, asyncio.Event()).wait(), 60)
        return arrived[version]

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / PATH
        path.write_bytes(UTF16.bom + text.encode("utf-16-le"))  # the server reads the file to learn its encoding
        uri = path.as_uri()
        await client.start_io(sys.executable, "-m", "lsp_server")
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities(), initialization_options={"debounce": 0})
        )
        client.initialized(types.InitializedParams())
        print("  through the language server (change sent -> diagnostics received; no debounce):")
        version = 1
        sent = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "inf", version, text))
        )
        opened = await until_published(version) - sent
        print(f"    open (the 2.2 M characters sent as JSON, then the first check) {opened * 1000:8.1f} ms")
        for name, anchor, into in EDITS:
            if anchor not in text:
                continue
            at = text.index(anchor) + into
            line = text.count("\n", 0, at)
            character = at - (text.rfind("\n", 0, at) + 1)  # the generated text is all in the BMP: one unit each
            here = types.Position(line, character)
            edit_times, undo_times = [], []
            for _ in range(repeat):
                for inserted, end, times in (
                    ("x", here, edit_times),
                    ("", types.Position(line, character + 1), undo_times),
                ):
                    version += 1
                    change = types.TextDocumentContentChangePartial(range=types.Range(here, end), text=inserted)
                    sent = time.perf_counter()
                    client.text_document_did_change(
                        types.DidChangeTextDocumentParams(
                            types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change]
                        )
                    )
                    times.append(await until_published(version) - sent)
            print(f"    {name:<28} edit {median_ms(edit_times):6.1f} ms, undo {median_ms(undo_times):6.1f} ms")
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


if __name__ == "__main__":
    main()
