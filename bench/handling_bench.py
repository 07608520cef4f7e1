"""Handling cost per Telegram update, in one process: CPU time and SQL statements, no HTTP, no sending.

Run: ``.venv/bin/python bench/handling_bench.py [--postgres URL] [--citizens 16] [--rounds 4] [--profile N]
[--loop uvloop|asyncio]``.

The webhook benchmark (`bench/webhook_bench.py`) measures what a deployment sees; this one isolates
the handling (store, then the dispatcher, conversation engine, ticket filing and outbox rows) so a
change to it can be measured without the noise of the other processes. The same citizen scripts as
the webhook benchmark are fed one update at a time through `TelegramChannel.receive` with no
handling workers running (each update is stored and handled before the call returns). Printed: CPU
ms per update (process time), wall ms per update, SQL statements per update (cursor executions), on
SQLite and, with `--postgres`, on PostgreSQL. `--profile N` prints the N most expensive functions
(cumulative) of the SQLite run. The event loop is uvloop by default, as in the web process (uvicorn)
and `tanggap worker`; `--loop asyncio` for the plain loop (the numbers before session 3).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import itertools
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from webhook_bench import TOKEN, citizen_script, free_port, reset, start, wait_ready  # noqa: E402

from bot.attachments import AttachmentStore  # noqa: E402
from bot.deps import BotDeps  # noqa: E402
from bot.engine import ConversationEngine  # noqa: E402
from bot.telegram.settings import TelegramSettings  # noqa: E402
from core.db import Database  # noqa: E402
from core.logging import configure_logging  # noqa: E402
from escalation import sync_units  # noqa: E402
from faq import SAMPLE_KB_PATH, FaqService  # noqa: E402
from messaging.handoff import HandoffSettings  # noqa: E402
from messaging.outbox import OutboxSettings  # noqa: E402
from sla import load_sla_config  # noqa: E402
from tanggap import migrate  # noqa: E402
from tanggap.channels import build_channels  # noqa: E402
from tanggap.settings import ServiceSettings  # noqa: E402
from tanggap.worker import run_event_loop  # noqa: E402


def updates(citizens: int, rounds: int, first_id: int) -> list[dict[str, Any]]:
    """Round-robin over the citizens, each one's updates in order (6 per round)."""
    ids = itertools.count(first_id)
    scripts = [citizen_script(10_000 + n, ids) for n in range(citizens)]
    return [next(script) for _ in range(rounds * 6) for script in scripts]


async def measure(url: str, *, citizens: int, rounds: int, profile: int) -> dict[str, float]:
    api_port = free_port()
    fake = start(
        [str(ROOT / "bench" / "webhook_bench.py"), "--fake-telegram", str(api_port)], dict(os.environ)
    )
    try:
        await wait_ready(api_port)
        return await _measure(url, api_port, citizens=citizens, rounds=rounds, profile=profile)
    finally:
        fake.terminate()
        fake.wait()


async def _measure(url: str, api_port: int, *, citizens: int, rounds: int, profile: int) -> dict[str, float]:
    await migrate.upgrade_async(url)
    db = Database(url)
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    with tempfile.TemporaryDirectory() as data_dir:
        faq = FaqService(SAMPLE_KB_PATH)
        deps = BotDeps(
            faq=faq,
            sla=load_sla_config(SAMPLE_KB_PATH, faq.kb.agency.timezone),
            attachments=AttachmentStore(Path(data_dir)),
        )
        async with db.session() as session:
            await sync_units(session, faq.kb.units)
        channels = build_channels(
            db,
            ConversationEngine(deps),
            service=ServiceSettings(),
            telegram=TelegramSettings(
                token=TOKEN, webhook_secret="s", api_base=f"http://127.0.0.1:{api_port}"
            ),
            outbox=OutboxSettings(),
            handoff=HandoffSettings(),
        )
        assert channels.telegram is not None
        telegram = channels.telegram.channel
        for raw in updates(citizens, 1, first_id=1):  # warm-up: lazy set-up, first tickets
            await telegram.receive(raw)
        batch = updates(citizens, rounds, first_id=1_000_000)
        statements = 0
        profiler = cProfile.Profile() if profile else None
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for raw in batch:
            await telegram.receive(raw)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        await channels.close()
    await db.dispose()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    n = len(batch)
    return {"updates": n, "cpu_ms": 1000 * cpu / n, "wall_ms": 1000 * wall / n, "sql": statements / n}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", help="also measure on this PostgreSQL database (its schema is dropped)")
    parser.add_argument("--citizens", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--loop", choices=("uvloop", "asyncio"), default="uvloop")
    args = parser.parse_args()
    configure_logging("WARNING", json=True)
    runs: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        runs.append(("SQLite", f"sqlite:///{tmp}/handling.db"))
        if args.postgres:
            reset(args.postgres)
            runs.append(("PostgreSQL", args.postgres))
        for name, url in runs:
            run = run_event_loop if args.loop == "uvloop" else asyncio.run
            result = run(
                measure(
                    url,
                    citizens=args.citizens,
                    rounds=args.rounds,
                    profile=args.profile if name == "SQLite" else 0,
                )
            )
            print(
                f"{name:<11} {result['updates']:>5.0f} updates  CPU {result['cpu_ms']:6.2f} ms/update  "
                f"wall {result['wall_ms']:6.2f} ms/update  SQL {result['sql']:5.1f} statements/update"
            )


if __name__ == "__main__":
    main()
