"""Report benchmark: a month of 100,000 tickets on PostgreSQL; how long the whole report takes (every
figure of `reports.build_report`), a drill-down page, and the streamed XLSX export of every ticket
(time and peak memory).

Run: ``.venv/bin/python bench/report_bench.py --postgres URL [--tickets 100000] [--rounds 3]``.
The database's public schema is dropped and migrated again: give it a database of its own. With
``--reuse`` the data already there is measured (old and new code side by side on the same rows: run
this file from a checkout of the old commit with ``--reuse --report-only``).

Seeding is one INSERT ... SELECT generate_series per table (PostgreSQL does the work): tickets spread
over November 2026 across 7 units, 3 channels (10% comments), 8 categories, 20,000 citizens; 90%
answered within 0-30 hours, 70% resolved within 0-9 days; a first-response and a resolution clock per
ticket, a next-response clock for 30%; a ticket's opening and reply events, 5% forwarded once, 2%
reopened; 40% of resolved tickets rated; 5,000 unanswered FAQ questions. Then ANALYZE.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.db import Database  # noqa: E402
from core.settings import normalise_database_url  # noqa: E402
from escalation import build_listener  # noqa: E402
from faq import SAMPLE_KB_PATH, load_kb  # noqa: E402
from reports import ReportFilter, build_report, make_scope, parse_month  # noqa: E402
from reports.drill import Drill  # noqa: E402
from reports.export import write_xlsx  # noqa: E402
from reports.ticket_list import ticket_rows  # noqa: E402
from sla import default_sla_config  # noqa: E402
from tanggap import migrate  # noqa: E402

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 2 December 2026, 10:00 WIB


def _array(*items: str) -> str:
    return "ARRAY[" + ",".join(f"'{item}'" for item in items) + "]"


UNITS = _array("layanan-pengaduan", "disdukcapil", "dpmptsp", "bapenda", "dlh", "pupr", "dishub")
OFFICERS = _array(
    "admin-pengaduan-1",
    "petugas-dukcapil",
    "petugas-dpmptsp",
    "petugas-bapenda",
    "petugas-dlh",
    "petugas-pupr",
    "petugas-dishub",
)
CATEGORIES = _array(
    "kependudukan",
    "perizinan",
    "pajak-daerah",
    "sampah-lingkungan",
    "jalan-drainase",
    "lampu-lalu-lintas",
    "air-minum",
    "lainnya",
)
START = "TIMESTAMPTZ '2026-10-31 17:00:00+00'"

SEED = [
    """INSERT INTO citizens (id, channel, external_id, created_at)
       SELECT g, 'telegram', 'c' || g, {start} FROM generate_series(1, 20000) g""",
    """INSERT INTO tickets (id, code, citizen_id, channel, kind, category, unit_id, status, priority,
         confidential, anonymous, description, created_at, updated_at, first_responded_at, resolved_at)
       SELECT g, 'ADU-2026-' || lpad(g::text, 6, '0'), 1 + g % 20000,
         (ARRAY['telegram','whatsapp','web'])[1 + g % 3],
         CASE WHEN g % 10 = 0 THEN 'comment' ELSE 'dm' END,
         ({categories})[1 + (g * 7) % 8], ({units})[1 + g % 7],
         CASE WHEN r.res < 0.7 THEN 'resolved' WHEN r.res < 0.72 THEN 'closed' ELSE 'in_progress' END,
         'normal', false, false, 'Aduan uji', c.at, c.at,
         CASE WHEN r.resp < 0.9 THEN c.at + r.resp * INTERVAL '33 hours' END,
         CASE WHEN r.res < 0.7 THEN c.at + r.res * INTERVAL '13 days' END
       FROM generate_series(1, {n}) g,
         LATERAL (SELECT random() + 0 * g AS resp, random() + 0 * g AS res, random() + 0 * g AS day) r,
         LATERAL (SELECT {start} + r.day * INTERVAL '30 days' AS at) c""",
    """INSERT INTO ticket_escalations (ticket_id, unit_id, level, assignee_id, updated_at)
       SELECT id, unit_id, 0, CASE WHEN id % 5 <> 0 THEN ({officers})[1 + id % 7] END, created_at
       FROM tickets""",
    """INSERT INTO sla_clocks (ticket_id, kind, status, policy, started_at, due_at, warning_times,
         warnings_fired, paused_seconds, met_at, breached_at)
       SELECT id, 'first_response', CASE WHEN first_responded_at IS NULL THEN 'running' ELSE 'met' END,
         '{{}}', created_at, created_at + INTERVAL '26 hours', '[]', 0, 0, first_responded_at,
         CASE WHEN COALESCE(first_responded_at, {now}) > created_at + INTERVAL '26 hours'
           THEN created_at + INTERVAL '26 hours' END
       FROM tickets""",
    """INSERT INTO sla_clocks (ticket_id, kind, status, policy, started_at, due_at, warning_times,
         warnings_fired, paused_seconds, met_at, stopped_at)
       SELECT id, 'resolution', CASE WHEN status = 'resolved' THEN 'met' WHEN status = 'closed' THEN 'stopped'
         ELSE 'running' END, '{{}}', created_at, created_at + INTERVAL '7 days', '[]', 0, 0, resolved_at,
         CASE WHEN status = 'closed' THEN created_at + INTERVAL '2 days' END
       FROM tickets""",
    """INSERT INTO sla_clocks (ticket_id, kind, status, policy, started_at, due_at, warning_times,
         warnings_fired, paused_seconds, met_at)
       SELECT id, 'next_response', 'met', '{{}}', first_responded_at + INTERVAL '1 hour',
         first_responded_at + INTERVAL '25 hours', '[]', 0, 0, first_responded_at + INTERVAL '20 hours'
       FROM tickets WHERE first_responded_at IS NOT NULL AND id % 10 < 3""",
    """INSERT INTO ticket_events (ticket_id, kind, actor, data, created_at)
       SELECT id, 'opened', 'citizen', '{{}}'::json, created_at FROM tickets
       UNION ALL SELECT id, 'replied', 'officer:x', '{{"counts_as_response": true}}', first_responded_at
         FROM tickets WHERE first_responded_at IS NOT NULL
       UNION ALL SELECT id, 'rerouted', 'officer:x',
         json_build_object('from', 'layanan-pengaduan', 'to', unit_id),
         created_at + INTERVAL '3 hours' FROM tickets WHERE id % 20 = 1
       UNION ALL SELECT id, 'reopened', 'citizen', '{{}}', created_at + INTERVAL '4 days'
         FROM tickets WHERE id % 50 = 2""",
    """INSERT INTO ticket_ratings (ticket_id, citizen_id, score, created_at)
       SELECT id, citizen_id, 1 + (id * 13) % 5, resolved_at + INTERVAL '1 hour'
       FROM tickets WHERE status = 'resolved' AND id % 5 < 2""",
    """INSERT INTO outbound_messages (channel, target, text, payload, status, attempts, created_at)
       SELECT 'telegram', 'c' || g, 'Mohon maaf', '{{"topic": "faq_unknown"}}', 'sent', 1,
         {start} + (g % 30) * INTERVAL '1 day'
       FROM generate_series(1, 5000) g""",
]


async def seed(database: Database, tickets: int) -> float:
    kb = load_kb(Path(SAMPLE_KB_PATH))
    await build_listener(database, kb=kb, sla=default_sla_config(kb.agency.timezone))
    started = time.perf_counter()
    values = {"n": tickets, "start": START, "units": UNITS, "officers": OFFICERS, "categories": CATEGORIES}
    values["now"] = f"TIMESTAMPTZ '{NOW.isoformat()}'"
    async with database.session() as session:
        for statement in SEED:
            await session.execute(text(statement.format(**values)))
        await session.execute(text("SELECT setval('tickets_id_seq', (SELECT max(id) FROM tickets))"))
        await session.commit()
    async with database.engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("ANALYZE"))
    return time.perf_counter() - started


async def measure(database: Database, rounds: int, *, report_only: bool = False) -> None:
    calendar = default_sla_config("Asia/Jakarta").calendar
    november = ReportFilter(period=parse_month("2026-11", calendar.tz))
    for label, flt in (
        ("whole agency", november),
        ("one unit (pupr)", ReportFilter(november.period, units=("pupr",))),
    ):
        times = []
        for _ in range(rounds + 1):
            async with database.session() as session:
                started = time.perf_counter()
                report = await build_report(session, filter=flt, calendar=calendar, now=NOW)
                times.append(time.perf_counter() - started)
        runs = ", ".join(f"{t:.2f}" for t in times[1:])
        print(
            f"report, {label}: {report.counts.received} tickets, "
            f"median {statistics.median(times[1:]):.2f} s (first {times[0]:.2f} s, runs {runs})"
        )
    if report_only:
        return
    scope = make_scope(november, calendar, NOW)
    async with database.session() as session:
        started = time.perf_counter()
        rows = await ticket_rows(
            session, scope, Drill("breached", clock="resolution", dimension="unit", value="pupr")
        )
        elapsed = time.perf_counter() - started
        print(f"drill-down page (100 rows of pupr's resolution breaches): {elapsed:.2f} s, {len(rows)} rows")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "tiket.xlsx"
        rss_before = _max_rss_mb()
        async with database.session() as session:
            started = time.perf_counter()
            count = await write_xlsx(session, scope, path)
            elapsed = time.perf_counter() - started
        rss_after = _max_rss_mb()
        size = path.stat().st_size
        tracemalloc.start()
        async with database.session() as session:
            await write_xlsx(session, scope, path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"XLSX export: {count} rows in {elapsed:.1f} s ({count / elapsed:,.0f} rows/s), {size / 1e6:.1f} MB, "
        f"peak Python memory while writing {peak / 1e6:.1f} MB (tracemalloc); "
        f"process max RSS {rss_before:.0f} MB before, {rss_after:.0f} MB after"
    )


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", required=True)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the data already seeded")
    parser.add_argument("--report-only", action="store_true", help="skip the drill-down and the export")
    args = parser.parse_args()
    url = normalise_database_url(args.postgres)
    database = Database(url)
    if not args.reuse:
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await asyncio.to_thread(migrate.upgrade, url)
    try:
        if not args.reuse:
            print(f"seeded {args.tickets} tickets in {await seed(database, args.tickets):.1f} s")
        await measure(database, args.rounds, report_only=args.report_only)
    finally:
        await database.dispose()


if __name__ == "__main__":
    asyncio.run(main())
