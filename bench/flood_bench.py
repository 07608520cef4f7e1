"""One sender floods at 50 messages/s; how long do other citizens wait for their replies meanwhile?

Run: ``.venv/bin/python bench/flood_bench.py [--channels web telegram] [--rounds 6] [--seconds 8]
[--rate 50] [--postgres URL]``.

`tanggap serve` runs with the default flood limits (`TANGGAP_LIMIT_*`: 20 messages a minute per
sender), behind a trusted proxy (`TANGGAP_WEB_TRUSTED_PROXIES=127.0.0.1`, so each browser has its own
address from `X-Forwarded-For`), with Telegram against a fake Bot API. Processes:
- the citizens (a process of their own, so the flood's event loop does not delay them): 60 citizens,
  each on its own address, take turns asking an FAQ question (one at a time, 0.1 s apart: each stays
  well under its own limit), and each answer's wait is printed with when it was asked. On the web
  chat the wait is the POST's answer (the reply is in it); on Telegram it is from the webhook POST
  until the fake Bot API receives the `sendMessage` for that chat (the fake runs in this process);
- the flooder (this process): one sender (one web session from one address, or one Telegram user)
  posts `--rate` messages a second, open loop, each one different (so they are refused as
  `rate_limited`, not folded as repeats);
- the server.
Rounds alternate, unloaded then loaded, `--rounds` times `--seconds` each, so a noisy machine
affects both columns alike. Printed per channel: the citizens' p50/p95/p99 unloaded and loaded (the
loaded ones also split: `near handled`, in flight while one of the flood's admitted messages was, and
`refusals only`), the ratio of the p99s (the promise: at most 2), and what the flood's requests were
answered.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webhook_bench import QUESTIONS, SECRET, TOKEN, _text, free_port, percentile, reset  # noqa: E402

SERVE = ["-c", "from tanggap.cli import main; main()", "serve"]
CITIZENS = 60
TG_HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


def server_env(data_dir: str, api_port: int, database_url: str | None) -> dict[str, str]:
    return {
        **os.environ,
        "TANGGAP_DATA_DIR": data_dir,
        "TANGGAP_DATABASE_URL": database_url or f"sqlite:///{data_dir}/tanggap.db",
        "TANGGAP_LOG_LEVEL": "WARNING",
        "TANGGAP_WEB_TRUSTED_PROXIES": "127.0.0.1",
        "TANGGAP_TELEGRAM_TOKEN": TOKEN,
        "TANGGAP_TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TANGGAP_TELEGRAM_WEBHOOK_URL": "https://bench.invalid/telegram/webhook",
        "TANGGAP_TELEGRAM_API_BASE": f"http://127.0.0.1:{api_port}",
        "SLA_SWEEP_ENABLED": "false",
    }


async def wait_ready(base: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(900):
            try:
                async with session.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"{base} never answered")


# -- the citizens (their own process) --------------------------------------------------------------


class Citizens:
    """The measured citizens; with `telegram`, also the fake Bot API their replies arrive at."""

    def __init__(self, base: str, channel: str) -> None:
        self.base, self.channel = base, channel
        self.waiting: dict[int, asyncio.Future[None]] = {}
        self.update_ids = itertools.count(10_000_000)

    async def fake_telegram(self, port: int) -> None:
        from aiohttp import web

        from tests.channels.fake_telegram import FakeTelegram

        fake = FakeTelegram()

        async def arrived(params: dict[str, Any]) -> None:
            future = self.waiting.pop(int(params["chat_id"]), None)
            if future is not None and not future.done():
                future.set_result(None)
            fake.calls.clear()

        fake.before_answer["sendMessage"] = arrived
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", fake._method)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()

    async def ask_web(self, http: aiohttp.ClientSession, n: int, text: str) -> None:
        body = {"id": f"citizen-{n}-{time.time_ns()}", "text": text}
        async with http.post(f"{self.base}/api/chat/messages", json=body) as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"citizen {n} refused: {response.status}")

    async def ask_telegram(self, http: aiohttp.ClientSession, n: int, text: str) -> None:
        user_id = 700_000 + n
        arrived = asyncio.get_running_loop().create_future()
        self.waiting[user_id] = arrived
        update = _text(next(self.update_ids), user_id, text)
        async with http.post(f"{self.base}/telegram/webhook", json=update, headers=TG_HEADERS) as response:
            await response.read()
        await asyncio.wait_for(arrived, timeout=60)

    async def run(self) -> None:
        sessions = [
            aiohttp.ClientSession(
                cookie_jar=aiohttp.CookieJar(unsafe=True),
                headers={"X-Forwarded-For": f"203.0.113.{n + 10}"},
            )
            for n in range(CITIZENS)
        ]
        ask = self.ask_web if self.channel == "web" else self.ask_telegram
        for n, http in enumerate(sessions):  # warm-up: each citizen's first message (a new session)
            await ask(http, n, "halo")
        for turn in itertools.count():
            n = turn % CITIZENS
            asked, started = time.time(), time.perf_counter()
            await ask(sessions[n], n, QUESTIONS[(turn // CITIZENS + n) % len(QUESTIONS)])
            print(f"{asked:.3f} {(time.perf_counter() - started) * 1000:.2f}", flush=True)
            await asyncio.sleep(0.1)


async def citizens_main(base: str, channel: str, api_port: int) -> None:
    citizens = Citizens(base, channel)
    await citizens.fake_telegram(api_port)
    await wait_ready(base)
    await citizens.run()


# -- the flooder and the rounds (this process) -----------------------------------------------------


@dataclass
class Flood:
    answers: dict[str, int] = field(default_factory=dict)
    windows: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    handled_at: list[tuple[float, float]] = field(default_factory=list)
    """When each of the flood's web chat messages that was handled (200) was sent and answered (a
    Telegram webhook answers 200 whatever happens next: not split)."""

    def note(self, answer: str, sent: float, *, handled: bool = False) -> None:
        self.answers[answer] = self.answers.get(answer, 0) + 1
        if handled:
            self.handled_at.append((sent, time.time()))


async def flood(base: str, channel: str, *, rate: float, seconds: float, into: Flood) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    headers = {"X-Forwarded-For": "198.51.100.7", **(TG_HEADERS if channel == "telegram" else {})}
    async with aiohttp.ClientSession(cookie_jar=jar, headers=headers) as http:
        if channel == "web":  # the session first, so the flood is one sender
            async with http.get(f"{base}/") as response:
                await response.read()

        async def one(n: int) -> None:
            text = f"tolong tanggapi laporan saya nomor {n} {time.time_ns()}"
            if channel == "web":
                url, body = f"{base}/api/chat/messages", {"id": f"flood-{time.time_ns()}", "text": text}
            else:
                url, body = f"{base}/telegram/webhook", _text(time.time_ns() // 1000, 600_001, text)
            sent = time.time()
            try:
                async with http.post(url, json=body) as response:
                    await response.read()
                    into.note(str(response.status), sent, handled=channel == "web" and response.status == 200)
            except aiohttp.ClientError:
                into.note("connection error", sent)

        tasks, started = [], time.perf_counter()
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(one(n)))
        await asyncio.gather(*tasks)


def start_processes(
    base: str, channel: str, api_port: int, port: int, data_dir: str, postgres: str | None, out: Path
) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
    """The citizens' process (writing one line per answer to `out`) and the server."""
    with out.open("wb") as lines:
        citizens = subprocess.Popen(
            [sys.executable, __file__, "--citizens", base, channel, str(api_port)], stdout=lines
        )
    server = subprocess.Popen(
        [sys.executable, *SERVE, "--port", str(port)],
        cwd=ROOT,
        env=server_env(data_dir, api_port, postgres),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return citizens, server


async def measure(channel: str, args: argparse.Namespace) -> tuple[dict[str, list[float]], Flood]:
    with tempfile.TemporaryDirectory() as data_dir:
        api_port, port = free_port(), free_port()
        base = f"http://127.0.0.1:{port}"
        out = Path(data_dir) / "citizens.txt"
        citizens, server = start_processes(base, channel, api_port, port, data_dir, args.postgres, out)
        try:
            await wait_ready(base)
            for _ in range(600):  # the citizens warmed up (their first line)
                if out.read_text().strip():
                    break
                await asyncio.sleep(0.2)
            result = Flood(windows={"unloaded": [], "loaded": []})
            for _ in range(args.rounds):
                began = time.time()
                await asyncio.sleep(args.seconds)
                result.windows["unloaded"].append((began, time.time()))
                began = time.time()
                await flood(base, channel, rate=args.rate, seconds=args.seconds, into=result)
                result.windows["loaded"].append((began, time.time()))
        finally:
            citizens.terminate()
            citizens.wait(timeout=30)
            server.terminate()
            server.wait(timeout=30)
        return _share(out.read_text(), result), result


def _share(lines: str, result: Flood) -> dict[str, list[float]]:
    """The waits by window; the loaded ones also split by whether the citizen's question overlapped
    the handling of one of the flood's admitted messages (`near handled`) or only its refusals."""
    waits: dict[str, list[float]] = {name: [] for name in result.windows}
    waits |= {"  near handled": [], "  refusals only": []}
    for line in lines.splitlines():
        asked, took = (float(part) for part in line.split())
        for name, windows in result.windows.items():
            if any(start <= asked <= end for start, end in windows):
                waits[name].append(took)
        loaded = any(start <= asked <= end for start, end in result.windows["loaded"])
        if loaded and result.handled_at:
            answered = asked + took / 1000
            near = any(sent <= answered and asked <= done for sent, done in result.handled_at)
            waits["  near handled" if near else "  refusals only"].append(took)
    return waits


def report(channel: str, waits: dict[str, list[float]], result: Flood, args: argparse.Namespace) -> None:
    print(
        f"\n{channel}: {args.rounds} rounds of {args.seconds:.0f} s unloaded + {args.seconds:.0f} s "
        f"with one sender at {args.rate:.0f} messages/s"
    )
    print(f"{'other citizens':<16} {'replies':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, values in waits.items():
        if not values:
            continue
        print(
            f"{name:<16} {len(values):>8} {percentile(values, 0.5):>8.1f} "
            f"{percentile(values, 0.95):>8.1f} {percentile(values, 0.99):>8.1f}"
        )
    ratio = percentile(waits["loaded"], 0.99) / percentile(waits["unloaded"], 0.99)
    print(f"p99 loaded / unloaded: {ratio:.2f} (promise: at most 2)")
    print("flood answered: " + ", ".join(f"{k}: {v}" for k, v in sorted(result.answers.items())))


async def main(args: argparse.Namespace) -> None:
    for channel in args.channels:
        if args.postgres:
            await asyncio.to_thread(reset, args.postgres)
        waits, result = await measure(channel, args)
        report(channel, waits, result, args)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", nargs="+", default=["web", "telegram"], choices=["web", "telegram"])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--postgres", help="run the server on this PostgreSQL database instead of SQLite")
    parser.add_argument("--citizens", nargs=3, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.citizens:
        base_url, citizen_channel, fake_port = arguments.citizens
        asyncio.run(citizens_main(base_url, citizen_channel, int(fake_port)))
    else:
        asyncio.run(main(arguments))
