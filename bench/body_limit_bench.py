"""Memory of `tanggap serve` under large unsigned webhook bodies, and what other visitors wait meanwhile.

Run: ``.venv/bin/python bench/body_limit_bench.py [--before DIR] [--requests 50] [--concurrency 4]
[--megabytes 20]``.

`tanggap serve` runs on SQLite with the WhatsApp channel configured. The load generator (this
process, aiohttp) sends `--requests` bodies of `--megabytes` MB to the WhatsApp webhook with a
signature that does not match (an attacker), `--concurrency` at a time, twice: with a
Content-Length header, then chunked (no length). Meanwhile a visitor (a process of its own) asks
`/healthz` every 50 ms.
The server's resident memory (VmRSS of its process, from /proc) is sampled every 20 ms: before the
load, during each run, and after a 2-second pause.

``--before DIR`` runs the same measurement first against the code in DIR (e.g. ``git archive main |
tar -x -C DIR``), then against this tree, in one run: the two columns are comparable.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
SERVE = ["-c", "from tanggap.cli import main; main()", "serve"]
MiB = 1024 * 1024
CHUNK = MiB


@dataclass
class Run:
    name: str
    rss_mb: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    visitor_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    window: tuple[float, float] = (0.0, 0.0)
    """When it ran (epoch seconds): the visitor's answers in it are this run's."""

    def note(self, outcome: str) -> None:
        self.statuses[outcome] = self.statuses.get(outcome, 0) + 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def server_env(data_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "TANGGAP_DATA_DIR": data_dir,
        "TANGGAP_DATABASE_URL": f"sqlite:///{data_dir}/tanggap.db",
        "TANGGAP_LOG_LEVEL": "WARNING",
        "TANGGAP_WHATSAPP_PHONE_ID": "109876543210",
        "TANGGAP_WHATSAPP_TOKEN": "EAAG-bench-token",
        "TANGGAP_WHATSAPP_VERIFY_TOKEN": "bench-verify",
        "TANGGAP_WHATSAPP_APP_SECRET": "bench-app-secret",
        "SLA_SWEEP_ENABLED": "false",
    }


def start_server(source: Path, port: int, data_dir: str) -> subprocess.Popen[bytes]:
    """`tanggap serve` with the code in `source` (first on sys.path: the working directory)."""
    return subprocess.Popen(
        [sys.executable, *SERVE, "--port", str(port)],
        cwd=source,
        env=server_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_ready(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(600):
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} never answered")


async def sample(pid: int, into: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        into.append(rss_mb(pid))
        await asyncio.sleep(0.02)


async def visitor_main(base: str) -> None:
    """`--visitor URL`, its own process (the load generator's event loop would delay it): someone
    else using the service meanwhile. Prints when each /healthz was asked (epoch seconds) and how
    long it took (ms), one per line."""
    async with aiohttp.ClientSession() as session:
        while True:
            asked, started = time.time(), time.perf_counter()
            async with session.get(f"{base}/healthz") as response:
                await response.read()
            print(f"{asked:.3f} {(time.perf_counter() - started) * 1000:.2f}", flush=True)
            await asyncio.sleep(0.05)


def start_visitor(base: str, out: Path) -> subprocess.Popen[bytes]:
    with out.open("wb") as lines:
        return subprocess.Popen([sys.executable, __file__, "--visitor", base], stdout=lines)


def share_visits(visitor: subprocess.Popen[bytes], out: Path, runs: list[Run]) -> None:
    visitor.terminate()
    visitor.wait(timeout=30)
    for line in out.read_text().splitlines():
        asked, took = (float(part) for part in line.split())
        for run in runs:
            if run.window[0] <= asked <= run.window[1]:
                run.visitor_ms.append(took)


async def chunks(megabytes: int) -> AsyncIterator[bytes]:
    piece = b" " * CHUNK
    for _ in range(megabytes):
        yield piece


async def attack(
    url: str, run: Run, *, requests: int, concurrency: int, megabytes: int, chunked: bool
) -> None:
    body = b" " * (megabytes * MiB)
    gate = asyncio.Semaphore(concurrency)
    headers = {"content-type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64}

    async def one(session: aiohttp.ClientSession) -> None:
        async with gate:
            data = chunks(megabytes) if chunked else body
            try:
                async with session.post(url, data=data, headers=headers) as response:
                    await response.read()
                    run.note(str(response.status))
            except (aiohttp.ClientError, ConnectionError):
                run.note("connection closed while sending")

    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(one(session) for _ in range(requests)))


async def measure(source: Path, label: str, args: argparse.Namespace) -> list[Run]:
    with tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        server = start_server(source, port, data_dir)
        base = f"http://127.0.0.1:{port}"
        out = Path(data_dir) / "visitor.txt"
        try:
            await wait_ready(f"{base}/healthz")
            visitor = start_visitor(base, out)
            await asyncio.sleep(1.0)  # the visitor's interpreter starting
            runs = await _runs(server.pid, base, label, args)
            share_visits(visitor, out, runs)
            return runs
        finally:
            server.terminate()
            server.wait(timeout=30)


async def _runs(pid: int, base: str, label: str, args: argparse.Namespace) -> list[Run]:
    idle = Run(f"{label}: idle")
    await _during(pid, idle, asyncio.sleep(1.0))
    runs = [idle]
    for chunked in (False, True):
        run = Run(f"{label}: {'chunked' if chunked else 'Content-Length'}")
        load = attack(
            f"{base}/whatsapp/webhook",
            run,
            requests=args.requests,
            concurrency=args.concurrency,
            megabytes=args.megabytes,
            chunked=chunked,
        )
        await _during(pid, run, load)
        runs.append(run)
    after = Run(f"{label}: 2 s after")
    await asyncio.sleep(2.0)
    await _during(pid, after, asyncio.sleep(1.0))
    return [*runs, after]


async def _during(pid: int, run: Run, work: Awaitable[None]) -> None:
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(pid, run.rss_mb, stop))
    started, began = time.perf_counter(), time.time()
    await work
    run.seconds = time.perf_counter() - started
    run.window = (began, time.time())
    stop.set()
    await sampler


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else 0.0


def report(runs: list[Run], args: argparse.Namespace) -> None:
    print(
        f"{args.requests} unsigned bodies of {args.megabytes} MB to /whatsapp/webhook, "
        f"{args.concurrency} at a time; RSS of the tanggap serve process (MB)\n"
    )
    print(f"{'run':<34} {'RSS min':>8} {'RSS max':>8} {'visitor p50':>12} {'p99 ms':>8} {'s':>6}  answers")
    for run in runs:
        answers = ", ".join(f"{status}: {n}" for status, n in sorted(run.statuses.items())) or "-"
        print(
            f"{run.name:<34} {min(run.rss_mb):>8.1f} {max(run.rss_mb):>8.1f} "
            f"{percentile(run.visitor_ms, 0.5):>12.1f} {percentile(run.visitor_ms, 0.99):>8.1f} "
            f"{run.seconds:>6.1f}  {answers}"
        )


async def main(args: argparse.Namespace, before: Path | None) -> None:
    runs: list[Run] = []
    if before is not None:
        runs += await measure(before, "before", args)
    runs += await measure(ROOT, "after", args)
    report(runs, args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="a directory with older code to measure first, side by side")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--visitor", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.visitor:
        asyncio.run(visitor_main(arguments.visitor))
    else:
        asyncio.run(main(arguments, Path(arguments.before).resolve() if arguments.before else None))
