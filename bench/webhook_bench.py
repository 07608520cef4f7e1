"""Telegram webhook benchmark: the full path against a bare FastAPI endpoint, same load, same tool.

Run: ``.venv/bin/python bench/webhook_bench.py [--postgres URL [--no-sqlite]] [--updates 1500]
[--concurrency 32] [--handlers N [--handler-nice K]]``.

Three kinds of process, so the load generator does not steal the server's event loop:
- a fake Telegram Bot API (the outbox worker really sends, through aiogram, to it);
- the server: ``tanggap.app:create_app`` under uvicorn (webhook secret check, inbox insert and commit,
  200; then, in the same process, the handling workers: dispatcher, conversation engine, outbox rows;
  the outbox worker sending in the background), or the bare app whose one route only answers 200;
- with ``--handlers N``: the server runs with ``TANGGAP_SEPARATE_WORKER=true`` (it only verifies,
  stores and answers) and N ``tanggap worker`` processes do the handling and the sending, each on
  its partition of the senders (``TANGGAP_WORKER_PARTITION=i/N``);
- this process, the load generator (aiohttp): virtual citizens, each sending its updates one after
  the other (FAQ questions and whole complaint flows), first closed-loop at a fixed concurrency
  (throughput), then open-loop at 100 updates/s (latency at the target rate).

Two things are measured for the full path, and printed apart:
- **acceptance**: what the platform sees, the webhook's answer (verified and stored, 200);
- **handling, end to end**: from the update stored (`inbound_messages.received_at`) to its first reply
  written to the outbox (`outbound_messages.created_at`), read from the database once every update of
  the run was handled: the rate at which updates were handled and the lag (p50/p99/max).
After the runs: every update's final status, and tickets filed against "confirm" presses sent (a
chat handled out of order or an update handled twice would break the equality).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp
from fastapi import FastAPI, Request, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import col

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.settings import normalise_database_url  # noqa: E402
from messaging import InboundMessage, OutboundMessage  # noqa: E402
from tanggap import migrate  # noqa: E402
from tickets import Ticket  # noqa: E402

TOKEN = "7000001:AAFakeTokenForTestsOnly_abcdefghijklmno"
SECRET = "bench-secret"
WORKER = ["-c", "from tanggap.cli import main; main()", "worker"]
QUESTIONS = [
    "syarat bikin ktp apa ya min",
    "jam buka kantor dukcapil kapan",
    "cara daftar bpjs kesehatan gimana",
    "kalau akta kelahiran hilang gmn ngurusnya",
    "bayar pbb bisa online gk",
]
COMPLAINTS = [
    ("cat:air-minum", "Air PDAM tidak mengalir sejak kemarin pagi di Perumahan Griya Asri blok C."),
    ("cat:jalan-drainase", "Jalan berlubang besar di depan SDN 1, sudah ada pengendara yang jatuh."),
    ("cat:sampah-lingkungan", "Sampah di TPS Jalan Melati belum diangkut selama satu minggu dan berbau."),
]


def bare_app() -> FastAPI:
    """The baseline: a FastAPI route that reads the body and answers 200, nothing else."""
    app = FastAPI()

    @app.post("/telegram/webhook")
    async def bare(request: Request) -> Response:
        await request.body()
        return Response(status_code=200)

    return app


def fake_telegram_main(port: int) -> None:
    from tests.channels.fake_telegram import FakeTelegram

    async def serve() -> None:
        from aiohttp import web

        fake = FakeTelegram()
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", fake._method)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        while True:
            fake.calls.clear()
            await asyncio.sleep(5)

    asyncio.run(serve())


# -- load ------------------------------------------------------------------------------------------


def citizen_script(user_id: int, ids: Iterator[int]) -> Iterator[dict[str, Any]]:
    """A citizen's updates in order: questions and complaint flows, alternating."""
    for round_ in itertools.count():
        yield _text(next(ids), user_id, QUESTIONS[(user_id + round_) % len(QUESTIONS)])
        category, description = COMPLAINTS[(user_id + round_) % len(COMPLAINTS)]
        for data in ("menu:complaint", category):
            yield _button(next(ids), user_id, data)
        yield _text(next(ids), user_id, description)
        for data in ("skip", "confirm:yes"):
            yield _button(next(ids), user_id, data)


def _text(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    sender = {"id": user_id, "is_bot": False, "first_name": "Warga"}
    chat = {"id": user_id, "type": "private", "first_name": "Warga"}
    message = {"message_id": update_id, "from": sender, "chat": chat, "date": 1_795_000_000, "text": text}
    return {"update_id": update_id, "message": message}


def _button(update_id: int, user_id: int, data: str) -> dict[str, Any]:
    sender = {"id": user_id, "is_bot": False, "first_name": "Warga"}
    message = {
        "message_id": 1,
        "chat": {"id": user_id, "type": "private"},
        "date": 1_795_000_000,
        "text": "-",
    }
    query = {"id": f"q{update_id}", "from": sender, "chat_instance": "c", "data": data, "message": message}
    return {"update_id": update_id, "callback_query": query}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    confirms: int = 0
    handled: Handled | None = None

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p) * 1000


@dataclass
class Handled:
    """The handling of one run's updates, end to end, from the server's own timestamps."""

    updates: int
    seconds: float
    lags: list[float] = field(default_factory=list)
    drained_after: float = 0.0
    """From the end of the load to the last reply written."""
    cpu_ms: float | None = None
    """Server process CPU per update, the load and its handling (uvicorn with one worker only)."""

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else float("nan")


async def closed_loop(url: str, name: str, *, total: int, concurrency: int, first_id: int) -> Result:
    ids = itertools.count(first_id)
    scripts = [citizen_script(first_id + user, ids) for user in range(concurrency)]
    per_user = total // concurrency
    latencies: list[float] = []
    errors = 0
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "content-type": "application/json"}

    confirms = 0

    async def citizen(script: Iterator[dict[str, Any]], session: aiohttp.ClientSession) -> None:
        nonlocal errors, confirms
        for _ in range(per_user):
            update = next(script)
            confirms += _is_confirm(update)
            body = json.dumps(update).encode()
            started = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                errors += response.status != 200
            latencies.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(citizen(script, session) for script in scripts))
        elapsed = time.perf_counter() - started
    return Result(name, per_user * concurrency, elapsed, latencies, errors, confirms)


def _is_confirm(update: dict[str, Any]) -> bool:
    return (update.get("callback_query") or {}).get("data") == "confirm:yes"


async def open_loop(url: str, name: str, *, rate: float, seconds: float, first_id: int) -> Result:
    """Updates at a fixed rate whatever the server does; 50 citizens take turns."""
    ids = itertools.count(first_id)
    scripts = [citizen_script(first_id + user, ids) for user in range(50)]
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "content-type": "application/json"}
    latencies: list[float] = []
    errors = confirms = 0
    locks = [asyncio.Lock() for _ in scripts]

    async def one(index: int, session: aiohttp.ClientSession) -> None:
        nonlocal errors, confirms
        async with locks[index]:
            update = next(scripts[index])
            confirms += _is_confirm(update)
            body = json.dumps(update).encode()
            started = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as response:
                await response.read()
                errors += response.status != 200
            latencies.append(time.perf_counter() - started)

    total = int(rate * seconds)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200)) as session:
        started = time.perf_counter()
        tasks = []
        for n in range(total):
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(one(n % len(scripts), session)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
    return Result(name, total, elapsed, latencies, errors, confirms)


# -- processes -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(args: list[str], env: dict[str, str], *, nice: int = 0) -> subprocess.Popen[bytes]:
    prefix = ["nice", "-n", str(nice)] if nice else []
    return subprocess.Popen(
        [*prefix, sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_ready(port: int) -> None:
    for _ in range(600):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def server_env(database_url: str, data_dir: str, api_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "TANGGAP_DATABASE_URL": database_url,
        "TANGGAP_DATA_DIR": data_dir,
        "TANGGAP_LOG_JSON": "true",
        "TANGGAP_TELEGRAM_TOKEN": TOKEN,
        "TANGGAP_TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TANGGAP_TELEGRAM_WEBHOOK_URL": "https://bench.invalid/telegram/webhook",
        "TANGGAP_TELEGRAM_API_BASE": f"http://127.0.0.1:{api_port}",
        "SLA_SWEEP_ENABLED": "true",
    }


class Probe:
    """Reads the server's database with plain connections (no write lock taken on SQLite)."""

    def __init__(self, database_url: str) -> None:
        self.engine: AsyncEngine = create_async_engine(normalise_database_url(database_url))

    async def mark(self) -> int:
        async with self.engine.connect() as connection:
            latest = select(func.max(col(InboundMessage.id)))
            return int((await connection.execute(latest)).scalar() or 0)

    async def settle(self, *, patience: float = 900.0) -> None:
        """Until no update waits to be handled."""
        received = col(InboundMessage.status) == "received"
        waiting = select(func.count()).select_from(InboundMessage).where(received)
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            async with self.engine.connect() as connection:
                if (await connection.execute(waiting)).scalar_one() == 0:
                    return
            await asyncio.sleep(0.2)
        raise RuntimeError("updates still waiting to be handled")

    async def handled(self, after_id: int, load_end: datetime, cpu_ms: float | None) -> Handled:
        received_at, inbound_id = col(InboundMessage.received_at), col(InboundMessage.id)
        statement = (
            select(received_at, func.min(col(OutboundMessage.created_at)))
            .join(OutboundMessage, col(OutboundMessage.inbound_id) == inbound_id)
            .where(inbound_id > after_id)
            .group_by(inbound_id, received_at)
        )
        async with self.engine.connect() as connection:
            pairs = (await connection.execute(statement)).all()
        if not pairs:
            return Handled(updates=0, seconds=0.0)
        last = max(replied for _, replied in pairs)
        return Handled(
            updates=len(pairs),
            seconds=(last - min(stored for stored, _ in pairs)).total_seconds(),
            lags=[(replied - stored).total_seconds() for stored, replied in pairs],
            drained_after=max(0.0, (last - load_end).total_seconds()),
            cpu_ms=cpu_ms / len(pairs) if cpu_ms is not None else None,
        )

    async def integrity(self) -> str:
        async with self.engine.connect() as connection:
            status = col(InboundMessage.status)
            by_status = select(status, func.count()).group_by(status)
            statuses = {str(status): n for status, n in (await connection.execute(by_status)).all()}
            tickets = (await connection.execute(select(func.count()).select_from(Ticket))).scalar_one()
        return f"inbound by status {statuses}; tickets filed {tickets}"

    async def close(self) -> None:
        await self.engine.dispose()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_phase(
    load: Any, probe: Probe | None, processes: list[subprocess.Popen[bytes]], *, workers: int
) -> Result:
    """One load run; on the full path, then wait until every update of it was handled. CPU: of the
    server and the handling processes together (not measured with several uvicorn workers)."""
    mark = await probe.mark() if probe is not None else 0
    cpu_before = sum(cpu_seconds(process.pid) for process in processes)
    result: Result = await load
    if probe is not None:
        load_end = datetime.now().astimezone()
        await probe.settle()
        cpu_after = sum(cpu_seconds(process.pid) for process in processes)
        cpu = (cpu_after - cpu_before) * 1000 if workers == 1 else None
        result.handled = await probe.handled(mark, load_end, cpu)
    return result


async def measure(
    database_url: str,
    label: str,
    *,
    total: int,
    concurrency: int,
    rate: float,
    workers: int,
    handlers: int,
    handler_nice: int,
) -> tuple[list[Result], str]:
    results = []
    integrity = ""
    with tempfile.TemporaryDirectory() as data_dir:
        api_port, port = free_port(), free_port()
        fake = start([__file__, "--fake-telegram", str(api_port)], dict(os.environ))
        env = server_env(database_url, data_dir, api_port)
        if handlers:
            env["TANGGAP_SEPARATE_WORKER"] = "true"
        uvicorn = ["-m", "uvicorn", "--factory", "--no-access-log", "--log-level", "warning"]
        uvicorn += ["--workers", str(workers), "--port"]
        servers = {
            f"full path ({label})": [*uvicorn, str(port), "tanggap.app:create_app"],
            f"bare 200 ({label})": [*uvicorn, str(port), "bench.webhook_bench:bare_app"],
        }
        try:
            await wait_ready(api_port)
            for offset, (name, command) in enumerate(servers.items()):
                server = start(command, env)
                probe = Probe(database_url) if name.startswith("full") else None
                processes = [server]
                try:
                    await wait_ready(port)
                    if probe is not None:
                        processes += [
                            start(
                                WORKER,
                                {**env, "TANGGAP_WORKER_PARTITION": f"{index}/{handlers}"},
                                nice=handler_nice,
                            )
                            for index in range(handlers)
                        ]
                    url = f"http://127.0.0.1:{port}/telegram/webhook"
                    first = 1_000_000 * (offset + 1)
                    warm = closed_loop(  # one whole script per citizen: a ticket filed, lazy set-up done
                        url, "warm-up", total=concurrency * 6, concurrency=concurrency, first_id=first
                    )
                    confirms = (await run_phase(warm, probe, processes, workers=workers)).confirms
                    closed = closed_loop(
                        url, name, total=total, concurrency=concurrency, first_id=first + 10_000
                    )
                    results.append(await run_phase(closed, probe, processes, workers=workers))
                    at_rate = open_loop(
                        url, f"{name} @ {rate:g}/s", rate=rate, seconds=10, first_id=first + 500_000
                    )
                    results.append(await run_phase(at_rate, probe, processes, workers=workers))
                    if probe is not None:
                        confirms += sum(result.confirms for result in results[-2:])
                        integrity = f"{name}: {await probe.integrity()} for {confirms} confirmations sent"
                finally:
                    for process in processes:
                        process.terminate()
                    for process in processes:
                        process.wait(timeout=30)
                    if probe is not None:
                        await probe.close()
        finally:
            fake.terminate()
            fake.wait(timeout=10)
    return results, integrity


def reset(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        path = Path(database_url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from sqlalchemy import text

    from core.db import Database

    async def drop() -> None:
        database = Database(database_url)
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await database.dispose()

    asyncio.run(drop())


def report(results: list[Result], integrity: list[str]) -> None:
    print("Acceptance: the webhook's answer (secret checked, update stored and committed, 200)")
    print(f"{'run':<44} {'updates':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for result in results:
        print(
            f"{result.name:<44} {result.requests:>8} {result.throughput:>8.1f} "
            f"{result.percentile(0.50):>8.1f} {result.percentile(0.99):>8.1f} {result.errors:>7}"
        )
    full = [r for r in results if r.name.startswith("full path") and "@" not in r.name]
    bare = [r for r in results if r.name.startswith("bare") and "@" not in r.name]
    for f, b in zip(full, bare, strict=True):
        print(f"ratio {f.name}: {f.throughput / b.throughput:.0%} of the bare endpoint's throughput")
    print()
    print("Handling, end to end: update stored -> its first reply written to the outbox")
    print(
        f"{'run':<44} {'updates':>8} {'handled/s':>9} {'lag p50 ms':>10} {'lag p99 ms':>10} "
        f"{'max ms':>8} {'drained s':>9} {'CPU ms/upd':>10}"
    )
    for result in results:
        h = result.handled
        if h is None:
            continue
        cpu = f"{h.cpu_ms:>10.1f}" if h.cpu_ms is not None else f"{'-':>10}"
        print(
            f"{result.name:<44} {h.updates:>8} {h.rate:>9.1f} {percentile(h.lags, 0.5) * 1000:>10.1f} "
            f"{percentile(h.lags, 0.99) * 1000:>10.1f} {max(h.lags, default=0) * 1000:>8.1f} "
            f"{h.drained_after:>9.1f} {cpu}"
        )
    print("(drained s: from the end of the load to the last reply written)")
    print()
    for line in integrity:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fake-telegram", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--postgres", help="also measure on this PostgreSQL database (its schema is dropped)")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL (with --postgres)")
    parser.add_argument("--updates", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (both servers)")
    parser.add_argument(
        "--handlers",
        type=int,
        default=0,
        help="`tanggap worker` processes doing the handling (TANGGAP_SEPARATE_WORKER); 0: in the web process",
    )
    parser.add_argument(
        "--handler-nice", type=int, default=0, help="run the handling processes under `nice -n N`"
    )
    args = parser.parse_args()
    if args.fake_telegram:
        fake_telegram_main(args.fake_telegram)
        return
    results: list[Result] = []
    integrity: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        sqlite = f"sqlite:///{scratch}/bench.db"
        targets = [] if args.no_sqlite and args.postgres else [(sqlite, "SQLite")]
        targets += [(args.postgres, "PostgreSQL")] if args.postgres else []
        for url, label in targets:
            reset(url)
            migrate.upgrade(url)
            handling = f" + {args.handlers} handling" if args.handlers else ""
            measured, checked = asyncio.run(
                measure(
                    url,
                    f"{label}, {args.workers} worker{'s' if args.workers > 1 else ''}{handling}",
                    total=args.updates,
                    concurrency=args.concurrency,
                    rate=args.rate,
                    workers=args.workers,
                    handlers=args.handlers,
                    handler_nice=args.handler_nice,
                )
            )
            results += measured
            integrity.append(checked)
    report(results, integrity)


if __name__ == "__main__":
    main()
