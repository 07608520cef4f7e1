"""What one refused web chat message costs the server: its CPU time, measured, not guessed.

Run: ``.venv/bin/python bench/refusal_cost.py [--requests 2000] [--postgres URL] [--log-level INFO]
[--profile FILE]``.

`tanggap serve` (as `bench/flood_bench.py` runs it) gets one browser session that first uses up its
flood allowance (20 messages a minute), then posts `--requests` more messages, one at a time, each
different: every one of them is answered 429. The server's CPU time (user + system, from
/proc/PID/stat) over those requests, divided by their number, is what a flood costs per message:
at 50 messages/s that share of a core is taken from the other citizens. For comparison the same is
measured for FAQ questions from citizens within their limits. `--profile FILE` runs the server
under cProfile (much slower; only the call counts and the shares matter) and writes its stats there.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flood_bench import SERVE, server_env, wait_ready  # noqa: E402
from webhook_bench import QUESTIONS, free_port, percentile, reset  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def start_server(port: int, data_dir: str, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    env = {**server_env(data_dir, free_port(), args.postgres), "TANGGAP_LOG_LEVEL": args.log_level}
    return subprocess.Popen(
        server_command(port, args.profile),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def server_command(port: int, profile: str | None) -> list[str]:
    if profile is None:
        return [sys.executable, *SERVE, "--port", str(port)]
    code = (
        "import cProfile, sys; from tanggap.cli import main; "
        f"sys.argv = ['tanggap', 'serve', '--port', '{port}']; "
        f"cProfile.run('main()', {profile!r})"
    )
    return [sys.executable, "-c", code]


async def post(http: aiohttp.ClientSession, base: str, n: int, text: str) -> int:
    body = {"id": f"m-{n}-{time.time_ns()}", "text": text}
    async with http.post(f"{base}/api/chat/messages", json=body) as response:
        await response.read()
        return response.status


async def refused(base: str, pid: int, requests: int) -> tuple[float, list[float], dict[int, int]]:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar, headers={"X-Forwarded-For": "198.51.100.7"}) as http:
        async with http.get(f"{base}/") as response:
            await response.read()
        for n in range(21):  # the allowance used up
            await post(http, base, n, f"pesan pembuka {n}")
        statuses: dict[int, int] = {}
        waits, before = [], cpu_seconds(pid)
        for n in range(requests):
            started = time.perf_counter()
            status = await post(http, base, n, f"tolong tanggapi laporan saya nomor {n}")
            waits.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
        return (cpu_seconds(pid) - before) / requests * 1000, waits, statuses


async def answered(base: str, pid: int, requests: int) -> tuple[float, list[float]]:
    """FAQ questions from `requests` citizens, one each (each within its own limits)."""
    waits, cpu = [], 0.0
    for n in range(requests):
        headers = {"X-Forwarded-For": f"203.0.{n // 200}.{n % 200 + 10}"}
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), headers=headers) as http:
            await post(http, base, 0, "halo")
            before, started = cpu_seconds(pid), time.perf_counter()
            await post(http, base, 1, QUESTIONS[n % len(QUESTIONS)])
            waits.append((time.perf_counter() - started) * 1000)
            cpu += cpu_seconds(pid) - before
    return cpu / requests * 1000, waits


async def main(args: argparse.Namespace) -> None:
    if args.postgres:
        await asyncio.to_thread(reset, args.postgres)
    with tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(port, data_dir, args)
        try:
            await wait_ready(base)
            cost, waits, statuses = await refused(base, server.pid, args.requests)
            faq_cost, faq_waits = await answered(base, server.pid, args.faq)
        finally:
            server.terminate()
            server.wait(timeout=60)
    print(f"refused: {args.requests} requests, answered {statuses}")
    print(f"  server CPU per request {cost:.3f} ms; wait p50 {percentile(waits, 0.5):.2f} ms")
    print(f"  at 50 messages/s: {cost * 50 / 10:.1f}% of one core")
    print(f"FAQ question: {args.faq} citizens, server CPU per request {faq_cost:.2f} ms; ", end="")
    print(f"wait p50 {percentile(faq_waits, 0.5):.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--faq", type=int, default=100)
    parser.add_argument("--postgres", help="run the server on this PostgreSQL database instead of SQLite")
    parser.add_argument(
        "--log-level", default="WARNING", help="the server's TANGGAP_LOG_LEVEL (INFO: with the access log)"
    )
    parser.add_argument("--profile", help="run the server under cProfile and write its stats here")
    asyncio.run(main(parser.parse_args()))
