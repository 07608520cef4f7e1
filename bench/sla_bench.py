"""SLA sweep benchmark: one sweep with 0, 100 and 10,000 clocks due among many open tickets, the lag from
a deadline to its committed breach event under the real scheduler, and deadline arithmetic per second.

Run (PostgreSQL, 1,000,000 open tickets, 2 clocks each; the database is emptied first):
    .venv/bin/python bench/sla_bench.py --url postgresql://postgres@127.0.0.1:5432/tanggap_bench
Run (SQLite, 200,000 open tickets):
    .venv/bin/python bench/sla_bench.py --url sqlite:////tmp/tanggap_bench.db --tickets 200000

Lag method: deadlines of 2,000 extra clocks are spread uniformly over `--lag-intervals` sweep intervals
starting now (real time); the real APScheduler runner sweeps every `--interval` seconds; for each breach
the lag is (the moment its sweep finished, i.e. committed) - (its deadline).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncpg  # type: ignore[import-untyped]  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from core import clock  # noqa: E402
from core.db import Database  # noqa: E402
from core.settings import normalise_database_url  # noqa: E402
from sla import Duration, Sweeper, SweepReport, SweepRunner, default_calendar, due_at  # noqa: E402
from sla.clocks import schedule  # noqa: E402
from tanggap import migrate  # noqa: E402

POLICY = json.dumps(
    {
        "name": "dm",
        "first_response": "24 working_hours",
        "next_response": "24 working_hours",
        "resolution": "5 working_days",
        "warnings": [0.75, 0.9],
    }
)
CHUNK = 50_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="postgresql://postgres@127.0.0.1:5432/tanggap_bench")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--interval", type=float, default=15.0, help="sweep interval (SLA_SWEEP_SECONDS)")
    parser.add_argument("--lag-intervals", type=int, default=6)
    parser.add_argument("--lag-clocks", type=int, default=2_000)
    return parser.parse_args()


def stamp(moment: datetime, sqlite: bool) -> Any:
    """A datetime as SQLAlchemy's UTCDateTime stores it (naive UTC text on SQLite)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment


def ticket_rows(start: int, count: int, now: datetime, sqlite: bool) -> list[tuple[Any, ...]]:
    made = stamp(now - timedelta(hours=1), sqlite)
    return [
        (n, f"ADU-2026-{n:07d}", 1 + n % 1000, "web", "dm", "open", "normal", False, False, "x", made, made)
        for n in range(start, start + count)
    ]


def clock_rows(start: int, count: int, now: datetime, sqlite: bool) -> list[tuple[Any, ...]]:
    """Two clocks per ticket; every next check lies 2 to 30 days ahead (nothing due yet)."""
    rng = random.Random(start)
    rows = []
    for n in range(start, start + count):
        for offset, kind in ((0, "first_response"), (1, "resolution")):
            ahead = now + timedelta(days=2, seconds=rng.randrange(28 * 86400))
            times = json.dumps([ahead.isoformat(), (ahead + timedelta(hours=1)).isoformat()])
            due = stamp(ahead + timedelta(hours=2), sqlite)
            made = stamp(now - timedelta(hours=1), sqlite)
            rows.append(
                (
                    2 * n - 1 + offset,
                    n,
                    kind,
                    "running",
                    POLICY,
                    made,
                    due,
                    times,
                    0,
                    stamp(ahead, sqlite),
                    0.0,
                )
            )
    return rows


TICKET_COLUMNS = (
    "id, code, citizen_id, channel, kind, status, priority, confidential, anonymous, description, "
    "created_at, updated_at"
)
CLOCK_COLUMNS = (
    "id, ticket_id, kind, status, policy, started_at, due_at, warning_times, warnings_fired, "
    "next_check_at, paused_seconds"
)


async def load_postgres(url: str, tickets: int, now: datetime) -> None:
    parsed = make_url(url)
    connection = await asyncpg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, database=parsed.database
    )
    try:
        await connection.copy_records_to_table(
            "citizens",
            records=[(n, "web", f"warga-{n}", now) for n in range(1, 1001)],
            columns=["id", "channel", "external_id", "created_at"],
        )
        for start in range(1, tickets + 1, CHUNK):
            count = min(CHUNK, tickets + 1 - start)
            await connection.copy_records_to_table(
                "tickets", records=ticket_rows(start, count, now, False), columns=TICKET_COLUMNS.split(", ")
            )
            await connection.copy_records_to_table(
                "sla_clocks", records=clock_rows(start, count, now, False), columns=CLOCK_COLUMNS.split(", ")
            )
        for table in ("citizens", "tickets", "sla_clocks"):
            await connection.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


def load_sqlite(path: str, tickets: int, now: datetime) -> None:
    connection = sqlite3.connect(path)
    try:
        made = stamp(now, True)
        connection.executemany(
            "INSERT INTO citizens (id, channel, external_id, created_at) VALUES (?, 'web', ?, ?)",
            [(n, f"warga-{n}", made) for n in range(1, 1001)],
        )
        for start in range(1, tickets + 1, CHUNK):
            count = min(CHUNK, tickets + 1 - start)
            marks = ", ".join("?" * 12)
            connection.executemany(
                f"INSERT INTO tickets ({TICKET_COLUMNS}) VALUES ({marks})",
                ticket_rows(start, count, now, True),
            )
            marks = ", ".join("?" * 11)
            connection.executemany(
                f"INSERT INTO sla_clocks ({CLOCK_COLUMNS}) VALUES ({marks})",
                clock_rows(start, count, now, True),
            )
        connection.commit()
        connection.execute("ANALYZE")
    finally:
        connection.close()


async def reset(url: str) -> None:
    db = Database(url)
    try:
        if db.dialect == "postgresql":
            async with db.engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await db.dispose()
    database = make_url(url).database
    if db.dialect == "sqlite" and database:
        remove_sqlite_files(database)
    await migrate.upgrade_async(url)


def remove_sqlite_files(database: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(database + suffix).unlink(missing_ok=True)


async def make_due(db: Database, first_id: int, count: int, deadline: datetime, spread: float = 0.0) -> None:
    """Clocks first_id.. get deadlines (spread uniformly over `spread` seconds); their warnings are done."""
    rng = random.Random(first_id)
    rows = []
    for clock_id in range(first_id, first_id + count):
        moment = deadline + timedelta(seconds=rng.uniform(0, spread))
        rows.append({"i": clock_id, "d": stamp(moment, db.dialect == "sqlite")})
    statement = text(
        "UPDATE sla_clocks SET due_at = :d, next_check_at = :d, warnings_fired = 2 WHERE id = :i"
    )
    async with db.session() as session:
        await session.execute(statement, rows)


async def timed_sweep(sweeper: Sweeper) -> tuple[float, SweepReport]:
    started = time.perf_counter()
    report = await sweeper.sweep()
    return time.perf_counter() - started, report


async def sweeps(db: Database) -> dict[str, Any]:
    results: dict[str, Any] = {}
    sweeper = Sweeper(db, batch_size=1000)  # one per process, as in the service (it holds the lease)
    await timed_sweep(sweeper)  # warm up: connection pool, prepared statements
    idle = sorted([(await timed_sweep(sweeper))[0] * 1000 for _ in range(50)])
    results["0 due (50 sweeps): median / p95 / max ms"] = tuple(
        round(value, 2) for value in (statistics.median(idle), idle[int(len(idle) * 0.95) - 1], idle[-1])
    )
    for count, first_id in ((100, 1), (10_000, 1001)):
        await make_due(db, first_id, count, clock.now() - timedelta(seconds=1))
        elapsed, report = await timed_sweep(sweeper)
        assert report.breaches == count, report
        results[f"{count:,} due: s"] = round(elapsed, 3)
    await sweeper.release()  # hand the SQLite lease to the lag run's sweeper
    return results


class LagSweeper(Sweeper):
    """Notes, for every breach, how long after its deadline the sweep that fired it committed."""

    lags: list[float]

    async def sweep(self) -> SweepReport:
        report = await super().sweep()
        finished = clock.now()
        self.lags.extend((finished - alert.due_at).total_seconds() for alert in report.alerts)
        return report


async def lag(db: Database, interval: float, intervals: int, count: int) -> dict[str, Any]:
    sweeper = LagSweeper(db, keep_alerts=True)
    sweeper.lags = []
    runner = SweepRunner(sweeper, interval_seconds=interval)
    runner.start()
    await make_due(db, 20_001, count, clock.now(), spread=interval * intervals)
    await asyncio.sleep(interval * (intervals + 1) + 1)
    await runner.stop()
    lags = sorted(sweeper.lags)
    assert len(lags) == count, len(lags)
    return {
        "breaches": len(lags),
        "lag p50 s": round(lags[len(lags) // 2], 2),
        "lag p99 s": round(lags[int(len(lags) * 0.99) - 1], 2),
        "lag max s": round(lags[-1], 2),
    }


def deadline_rate() -> dict[str, int]:
    calendar = default_calendar("Asia/Jakarta")
    rng = random.Random(7)
    starts = [
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(2 * 365 * 86400))
        for _ in range(50_000)
    ]
    rates = {}
    for target in (
        Duration(24, "working_hours"),
        Duration(5, "working_days"),
        Duration(48, "calendar_hours"),
    ):
        started = time.perf_counter()
        for start in starts:
            due_at(start, target, calendar)
        rates[f"due_at {target} per s"] = int(len(starts) / (time.perf_counter() - started))
    started = time.perf_counter()
    for start in starts[:20_000]:
        schedule(start, Duration(24, "working_hours"), (0.75, 0.9), calendar)
    rates["clock schedule (deadline + 2 warnings) per s"] = int(20_000 / (time.perf_counter() - started))
    return rates


async def main() -> None:
    args = parse_args()
    url = normalise_database_url(args.url)
    print(f"database: {make_url(url).render_as_string(hide_password=True)}; tickets: {args.tickets:,}")
    await reset(url)
    started = time.perf_counter()
    if url.startswith("postgresql"):
        await load_postgres(url, args.tickets, clock.now())
    else:
        load_sqlite(str(make_url(url).database), args.tickets, clock.now())
    loaded = time.perf_counter() - started
    print(f"bulk load: {args.tickets:,} tickets + {2 * args.tickets:,} clocks in {loaded:.1f} s")
    db = Database(url)
    try:
        for name, value in (await sweeps(db)).items():
            print(f"sweep, {name}: {value}")
        for name, value in (await lag(db, args.interval, args.lag_intervals, args.lag_clocks)).items():
            print(f"interval {args.interval:g} s, {name}: {value}")
    finally:
        await db.dispose()
    for name, value in deadline_rate().items():
        print(f"{name}: {value:,}")


if __name__ == "__main__":
    asyncio.run(main())
