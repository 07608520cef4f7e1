"""The outbox's window of doubt: from Telegram's answer to a send until its `sent` is committed.

Run: ``.venv/bin/python bench/outbox_window_bench.py [--postgres URL [--no-sqlite]] [--rows 600]
[--chats 200] [--concurrency 1,16,50]``.

A process killed inside this window leaves a reply Telegram took but the database does not know of
(the send is in doubt, `messaging.outbox_doubt`); anywhere else a kill costs no duplicate. The real
outbox worker (claims, pacing, attempt record, aiogram send) sends `--rows` replies to a fake Bot API
on 127.0.0.1, with pacing opened wide so the database is what is measured, and each send's window
is timed around the worker's recording step. Two ways of committing `sent` run side by side in
the same run, on the same database: group commit (what the service does: sends finishing together
share a transaction, a send arriving while one runs waits for the next) and one transaction per send.
Printed per database, way and number of sends in flight: sends/s, window p50/p99/max in ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bot.telegram.messenger import TelegramMessenger  # noqa: E402
from bot.telegram.settings import TelegramSettings  # noqa: E402
from bot.telegram.setup import new_bot  # noqa: E402
from core import clock  # noqa: E402
from core.db import Database  # noqa: E402
from core.messenger import DeliveryResult, OutgoingMessage  # noqa: E402
from core.settings import normalise_database_url  # noqa: E402
from messaging import outbox_repository  # noqa: E402
from messaging import service as messaging  # noqa: E402
from messaging.outbox import OutboxSettings, OutboxWorker  # noqa: E402
from messaging.outbox_outcomes import Outcomes  # noqa: E402
from messaging.outbox_repository import Lease, Sent  # noqa: E402
from messaging.writer import writer_turn  # noqa: E402
from tanggap import migrate  # noqa: E402
from tests.channels.fake_telegram import TOKEN, FakeTelegram  # noqa: E402


class TimedOutcomes(Outcomes):
    """The service's recording, timed; `per_send`: `sent` in a transaction of its own instead."""

    per_send = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.windows: list[float] = []

    async def keep(self, lease: Lease, result: DeliveryResult) -> None:
        started = time.perf_counter()
        await super().keep(lease, result)
        self.windows.append(time.perf_counter() - started)

    async def record(self, lease: Lease, result: DeliveryResult) -> None:
        if not (self.per_send and result.ok):
            await super().record(lease, result)
            return
        async with writer_turn(self.db, store=False), self.db.session() as session:
            await outbox_repository.mark_sent(
                session, [Sent(lease.row_id, clock.now(), result.external_id, None)]
            )


class PerSendOutcomes(TimedOutcomes):
    per_send = True


async def queue(db: Database, *, rows: int, chats: int) -> None:
    async with db.session() as session:
        for n in range(rows):
            message = OutgoingMessage(text=f"Balasan nomor {n}")
            await messaging.queue_reply(
                session, channel="telegram", target=str(10_000 + n % chats), message=message
            )


async def empty(db: Database) -> None:
    async with db.session() as session:
        await session.execute(text("DELETE FROM outbound_messages"))


async def measure(
    db: Database,
    fake: FakeTelegram,
    outcomes: type[TimedOutcomes],
    *,
    rows: int,
    chats: int,
    concurrency: int,
) -> tuple[float, list[float]]:
    settings = TelegramSettings(
        token=TOKEN, api_base=fake.url, messages_per_second=100_000, chat_interval_seconds=0
    )
    bot = new_bot(settings)
    messenger = TelegramMessenger(bot, settings)
    worker = OutboxWorker(db, {"telegram": messenger}, settings=OutboxSettings(batch_size=concurrency))
    worker.outcomes = outcomes(db, worker.settings, on_permanent_failure=None, sleep=asyncio.sleep)
    await empty(db)
    await queue(db, rows=rows, chats=chats)
    started = time.perf_counter()
    while await worker.run_once():
        pass
    elapsed = time.perf_counter() - started
    await bot.session.close()
    assert isinstance(worker.outcomes, TimedOutcomes)
    assert len(worker.outcomes.windows) == rows, "every reply sent once"
    return rows / elapsed, worker.outcomes.windows


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def run_database(name: str, url: str, args: argparse.Namespace) -> None:
    await asyncio.to_thread(migrate.upgrade, url)
    db = Database(url)
    fake = FakeTelegram()
    await fake.start()
    try:
        for concurrency in args.concurrency:
            for way, outcomes in (("group commit", TimedOutcomes), ("per send", PerSendOutcomes)):
                rate, windows = await measure(
                    db, fake, outcomes, rows=args.rows, chats=args.chats, concurrency=concurrency
                )
                ms = [w * 1000 for w in windows]
                print(
                    f"{name:10} {way:12} in flight {concurrency:3}: {rate:7.0f} sends/s   window "
                    f"p50 {statistics.median(ms):6.2f} ms  p99 {percentile(ms, 0.99):6.2f} ms  "
                    f"max {max(ms):6.2f} ms"
                )
    finally:
        await fake.stop()
        await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be emptied")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--rows", type=int, default=600)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--concurrency", type=lambda v: [int(n) for n in v.split(",")], default=[1, 16, 50])
    args = parser.parse_args()
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            await run_database("SQLite", f"sqlite+aiosqlite:///{folder}/bench.db", args)
    if args.postgres:
        await run_database("PostgreSQL", normalise_database_url(args.postgres), args)


if __name__ == "__main__":
    asyncio.run(main())
