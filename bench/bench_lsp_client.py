"""Time the language server from outside, as an editor meets it, with a raw JSON-RPC client.

    python bench/bench_lsp_client.py [--repeat N] [--lines N]

Each run starts ``python -m lsp_server`` (what ``infcheck-lsp`` runs) and measures, from the
moment the process is started:

* start: until the first diagnostics of a small INF file opened right after ``initialize``
  (target: within 500 ms);
* ready: until the answer to a hover on that file sent right behind its diagnostics (the
  server publishes them before it has loaded all it needs to answer requests);
* open: from sending ``didOpen`` of a generated INF of about 25,000 lines until its diagnostics
  (target: within 500 ms);
* symbols: one ``documentSymbol`` request on that file (target: within 150 ms), with the size
  of the answer;
* hover and completion during a long request: a ``hover`` and a ``completion`` on the small
  file sent right behind the ``didOpen`` of the big file (whose check is the long request),
  and a ``hover`` sent right behind a ``didChange`` of it, each from sending it to its answer;
  a server that answers one message at a time makes them wait for the check.

With ``--baseline PATH`` (which may be given more than once) the runs alternate between this
checkout and the others (say, a worktree of main), and all are printed side by side: the
fairest comparison on a shared machine. On Linux the start is also given in processor time:
what the server had used when its first diagnostics arrived, which depends far less than the
wall time on what else the machine is doing.

Next to them, measured in the same run: ``python -c pass``, and importing ``lsprotocol.types``
(the protocol's types, which the server needs before it can read a message). Medians over
``--repeat`` runs; this machine is shared, so compare the ratios too.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "bench"))

from bench_lsp import generate_inf  # noqa: E402

SMALL = REPOSITORY / "tests" / "fixtures" / "demo" / "contoso_sensor.inf"
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


class Connection:
    """A language server process and the messages it sends, each with the time it arrived."""

    def __init__(self, repository: Path = REPOSITORY) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lsp_server"],  # run from ``repository``, so its code is the one imported
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=repository,
            env=ENVIRONMENT,
        )
        self.messages: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.answer_bytes: dict[int, int] = {}
        self.backlog: list[tuple[float, dict[str, Any]]] = []
        # The processor time the server had used when its first diagnostics arrived (Linux only):
        # unlike the wall time, it hardly depends on what else the machine is doing.
        self.first_publication_cpu: float | None = None
        self.answer_cpu: dict[int, float | None] = {}
        threading.Thread(target=self._read, daemon=True).start()
        self._next_id = 0

    def _server_cpu(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = stream.read(length)
            arrived = time.perf_counter()
            cpu = self._server_cpu()
            message = json.loads(body)
            if self.first_publication_cpu is None and message.get("method") == "textDocument/publishDiagnostics":
                self.first_publication_cpu = cpu
            if "id" in message and "method" not in message:
                self.answer_bytes[message["id"]] = len(body)
                self.answer_cpu[message["id"]] = cpu
            if message.get("method") in ("workspace/configuration", "client/registerCapability"):
                result = [{} for _ in message["params"]["items"]] if "items" in message.get("params", {}) else None
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            self.messages.put((arrived, message))

    def send(self, message: dict[str, Any]) -> float:
        body = json.dumps(message).encode("utf-8")
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()
        return time.perf_counter()

    def notify(self, method: str, params: dict[str, Any]) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> tuple[int, float]:
        self._next_id += 1
        return self._next_id, self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})

    def wait(self, matches, timeout: float = 60.0) -> tuple[float, dict[str, Any]]:
        """The first message, in arrival order, that ``matches``; the others stay for later waits."""
        for number, (arrived, message) in enumerate(self.backlog):
            if matches(message):
                del self.backlog[number]
                return arrived, message
        deadline = time.perf_counter() + timeout
        while True:
            arrived, message = self.messages.get(timeout=max(0.01, deadline - time.perf_counter()))
            if matches(message):
                return arrived, message
            self.backlog.append((arrived, message))

    def answer(self, number: int) -> tuple[float, dict[str, Any]]:
        return self.wait(lambda message: message.get("id") == number and "method" not in message)

    def diagnostics(self, uri: str, version: int | None = None) -> tuple[float, dict[str, Any]]:
        return self.wait(
            lambda message: (
                message.get("method") == "textDocument/publishDiagnostics"
                and message["params"]["uri"] == uri
                and (version is None or message["params"].get("version") == version)
            )
        )

    def close(self) -> None:
        number, _ = self.request("shutdown", {})
        self.answer(number)
        self.notify("exit", {})
        self.process.wait(timeout=30)


def one_run(big_text: str, big_uri: str, repository: Path = REPOSITORY) -> dict[str, float]:
    small_uri = SMALL.as_uri()
    small_text = SMALL.read_bytes().decode("utf-8", "replace")
    connection = Connection(repository)
    number, _ = connection.request(
        "initialize", {"processId": os.getpid(), "rootUri": REPOSITORY.as_uri(), "capabilities": {}}
    )
    connection.answer(number)
    connection.notify("initialized", {})
    item = {"uri": small_uri, "languageId": "inf", "version": 1, "text": small_text}
    connection.notify("textDocument/didOpen", {"textDocument": item})
    first, _ = connection.diagnostics(small_uri)
    figures = {"start": first - connection.started}
    if connection.first_publication_cpu is not None:
        figures["start, processor time"] = connection.first_publication_cpu
    # The first answer to a request: a server that publishes before it has loaded all it needs
    # (see lsp_server/bootstrap.py) answers requests only once it has. The big file is opened
    # after that, so that its figures measure the open alone in every checkout.
    position = {"textDocument": {"uri": small_uri}, "position": {"line": 0, "character": 1}}
    number, _ = connection.request("textDocument/hover", position)
    answered, _ = connection.answer(number)
    figures["ready"] = answered - connection.started
    if connection.answer_cpu.get(number) is not None:
        figures["ready, processor time"] = connection.answer_cpu[number]

    item = {"uri": big_uri, "languageId": "inf", "version": 1, "text": big_text}
    sent = connection.notify("textDocument/didOpen", {"textDocument": item})
    hover_number, hover_sent = connection.request("textDocument/hover", position)
    completion_number, completion_sent = connection.request("textDocument/completion", position)
    opened, _ = connection.diagnostics(big_uri, 1)
    figures["open"] = opened - sent
    figures["hover during the open"] = connection.answer(hover_number)[0] - hover_sent
    figures["completion during the open"] = connection.answer(completion_number)[0] - completion_sent

    number, sent = connection.request("textDocument/documentSymbol", {"textDocument": {"uri": big_uri}})
    answered, _ = connection.answer(number)
    figures["symbols"] = answered - sent
    figures["symbols answer, KB"] = connection.answer_bytes[number] / 1000

    # A long request (the check of the changed big file, once the typing pause has passed), then a hover.
    change = {"text": big_text.replace("; Copyright", "; Copyleft", 1)}
    connection.notify(
        "textDocument/didChange", {"textDocument": {"uri": big_uri, "version": 2}, "contentChanges": [change]}
    )
    time.sleep(0.25)  # the server waits 0.2 s after a change before it checks
    number, sent = connection.request(
        "textDocument/hover", {"textDocument": {"uri": small_uri}, "position": {"line": 0, "character": 1}}
    )
    answered, _ = connection.answer(number)
    figures["hover during a check"] = answered - sent
    connection.diagnostics(big_uri, 2)
    connection.close()
    return figures


def process_seconds(*command: str) -> tuple[float, float]:
    """The wall time and the processor time of a Python command."""
    start = time.perf_counter()
    before = os.times()
    subprocess.run([sys.executable, *command], env=ENVIRONMENT, check=True, capture_output=True)
    after = os.times()
    used = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return time.perf_counter() - start, used


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lines", type=int, default=25_000)
    parser.add_argument(
        "--baseline",
        type=Path,
        action="append",
        default=[],
        help="another checkout of infcheck to measure in the same run",
    )
    arguments = parser.parse_args()
    big_text = generate_inf(arguments.lines)
    big_uri = (REPOSITORY / "bignet.inf").as_uri()  # never written: the server reads what the client sends
    checkouts = {"this": REPOSITORY}
    for number, baseline in enumerate(arguments.baseline, start=1):
        checkouts[f"baseline {number}"] = baseline.resolve()
    for repository in checkouts.values():
        one_run(big_text, big_uri, repository)  # warms Python's bytecode cache and infcheck's grammar cache
    runs: dict[str, dict[str, list[float]]] = {name: {} for name in checkouts}
    for _ in range(arguments.repeat):
        for name, repository in checkouts.items():
            for figure, command in (("python -c pass", "pass"), ("import lsprotocol.types", "import lsprotocol.types")):
                wall, used = process_seconds("-c", command)
                runs[name].setdefault(figure, []).append(wall)
                runs[name].setdefault(f"{figure}, processor time", []).append(used)
            for figure, value in one_run(big_text, big_uri, repository).items():
                runs[name].setdefault(figure, []).append(value)
    medians = {
        name: {figure: statistics.median(values) for figure, values in figures.items()}
        for name, figures in runs.items()
    }
    print(f"language server, {arguments.lines} lines in the big file, medians of {arguments.repeat} runs")
    if len(checkouts) > 1:
        print(f"  ({' | '.join(f'{name}: {path}' for name, path in checkouts.items())}; runs alternating)")

    def row(label: str, figure: str, note: str, scale: float = 1000, unit: str = "ms") -> None:
        values = " | ".join(f"{medians[name][figure] * scale:7.0f}" for name in checkouts)
        print(f"  {label:<36} {values} {unit}   ({note})")

    row("python -c pass", "python -c pass", "baseline")
    row("python -c 'import lsprotocol.types'", "import lsprotocol.types", "baseline")
    row("  processor time: python -c pass", "python -c pass, processor time", "baseline")
    row("  processor time: import lsprotocol", "import lsprotocol.types, processor time", "baseline")
    targets = {
        "start": 0.5,
        "ready": None,
        "open": 0.5,
        "symbols": 0.15,
        "hover during the open": None,
        "completion during the open": None,
        "hover during a check": None,
    }
    labels = {
        "start": "start to first diagnostics (small)",
        "ready": "start to first answer (a hover)",
        "open": "open of the big file to diagnostics",
        "symbols": "document symbols of the big file",
        "hover during the open": "hover while the big file is opened",
        "completion during the open": "completion while it is opened",
        "hover during a check": "hover while an edit is checked",
    }
    for figure, target in targets.items():
        row(labels[figure], figure, f"target {target * 1000:.0f} ms" if target is not None else "lower is better")
        if figure in ("start", "ready") and all(f"{figure}, processor time" in medians[name] for name in checkouts):
            row("  processor time until then", f"{figure}, processor time", "Linux: /proc")
    row("document symbols answer", "symbols answer, KB", "size", scale=1, unit="KB")


if __name__ == "__main__":
    main()
