"""Crash recovery benchmark: `tanggap serve` killed with -9 while updates it stored wait, restarted at
once; how long until those updates are answered, and how long a new citizen waits meanwhile.

Run: ``.venv/bin/python bench/recovery_bench.py [--postgres URL [--no-sqlite]] [--burst 300]
[--rounds 3]``.

Each round: a burst of `burst` updates from as many citizens is posted to the webhook (all stored and
answered 200), the server is killed with SIGKILL right after the last 200 (most of the burst still
queued in its handling workers), and a new server is started at once (as systemd would). Printed per
round: how many updates were stranded, the time from the kill to the last of them answered (first
reply written to the outbox), the new server's start-up time, and the reply time of a new citizen who
writes as soon as the new server answers. Processes: a fake Bot API, the server (uvicorn), this load
generator (`bench/webhook_bench.py` provides them).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from sqlalchemy import func, select
from sqlmodel import col

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webhook_bench import (  # noqa: E402 (the script's own directory is on the path)
    SECRET,
    Probe,
    _text,
    free_port,
    reset,
    server_env,
    start,
    wait_ready,
)

from messaging import InboundMessage, OutboundMessage  # noqa: E402
from tanggap import migrate  # noqa: E402

UVICORN = ["-m", "uvicorn", "--factory", "--no-access-log", "--log-level", "warning", "--port"]
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}


async def post_burst(url: str, first_id: int, count: int) -> None:
    async with aiohttp.ClientSession(headers=HEADERS) as http:

        async def one(n: int) -> None:
            async with http.post(url, json=_text(first_id + n, 50_000 + first_id + n, "halo")) as response:
                assert response.status == 200, response.status

        await asyncio.gather(*(one(n) for n in range(count)))


async def stranded(probe: Probe, after_id: int) -> list[int]:
    received = (col(InboundMessage.status) == "received") & (col(InboundMessage.id) > after_id)
    async with probe.engine.connect() as connection:
        found = (await connection.execute(select(col(InboundMessage.id)).where(received))).scalars()
        return [inbound_id for inbound_id in found if inbound_id is not None]


async def first_reply_at(probe: Probe, ids: list[int], *, patience: float = 300.0) -> datetime:
    """When the last of `ids` got its first reply in the outbox (waits until all have one)."""
    firsts = (
        select(func.min(col(OutboundMessage.created_at)))
        .where(col(OutboundMessage.inbound_id).in_(ids))
        .group_by(col(OutboundMessage.inbound_id))
    )
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        async with probe.engine.connect() as connection:
            replies = list((await connection.execute(firsts)).scalars())
        if len(replies) == len(ids):
            return max(replies)
        await asyncio.sleep(0.1)
    raise RuntimeError("stranded updates still unanswered")


async def one_round(
    database_url: str, env: dict[str, str], port: int, round_no: int, burst: int
) -> tuple[int, float, float, float]:
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    probe = Probe(database_url)
    doomed = start([*UVICORN, str(port), "tanggap.app:create_app"], env)
    try:
        await wait_ready(port)
        await asyncio.sleep(3.0)  # its lease written and renewed, as in a server that ran a while
        mark = await probe.mark()
        await post_burst(url, 1_000_000 * round_no, burst)
        os.kill(doomed.pid, signal.SIGKILL)
        killed_at = datetime.now(UTC)
        doomed.wait(timeout=10)
        waiting = await stranded(probe, mark)
        restarted = start([*UVICORN, str(port), "tanggap.app:create_app"], env)
        try:
            await wait_ready(port)
            started = (datetime.now(UTC) - killed_at).total_seconds()
            sent = time.monotonic()
            await post_burst(url, 1_000_000 * round_no + 900_000, 1)
            await first_reply_at(probe, [await probe.mark()])  # the newcomer's row is the latest
            newcomer_seconds = time.monotonic() - sent
            done_at = await first_reply_at(probe, waiting) if waiting else killed_at
            return len(waiting), (done_at - killed_at).total_seconds(), started, newcomer_seconds
        finally:
            restarted.terminate()
            restarted.wait(timeout=30)
    finally:
        await probe.close()


async def measure(database_url: str, *, burst: int, rounds: int) -> list[tuple[int, float, float, float]]:
    results = []
    with tempfile.TemporaryDirectory() as data_dir:
        api_port, port = free_port(), free_port()
        fake = start(
            [str(ROOT / "bench" / "webhook_bench.py"), "--fake-telegram", str(api_port)], dict(os.environ)
        )
        try:
            await wait_ready(api_port)
            env = server_env(database_url, data_dir, api_port)
            for round_no in range(1, rounds + 1):
                results.append(await one_round(database_url, env, port, round_no, burst))
        finally:
            fake.terminate()
            fake.wait(timeout=10)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="also measure on this PostgreSQL database (its schema is dropped)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        targets = [] if args.no_sqlite and args.postgres else [(f"sqlite:///{scratch}/bench.db", "SQLite")]
        targets += [(args.postgres, "PostgreSQL")] if args.postgres else []
        columns = ("stranded", "all answered s", "restart s", "newcomer s")
        print(f"{'database':<12} {'round':>5} " + " ".join(f"{name:>15}" for name in columns))
        for url, label in targets:
            reset(url)
            migrate.upgrade(url)
            for n, (count, answered, started, newcomer) in enumerate(
                asyncio.run(measure(url, burst=args.burst, rounds=args.rounds)), start=1
            ):
                print(f"{label:<12} {n:>5} {count:>15} {answered:>15.1f} {started:>15.1f} {newcomer:>15.2f}")


if __name__ == "__main__":
    main()
