"""`tanggap worker`: handling in its own process, apart from the web process that stores.

With `TANGGAP_SEPARATE_WORKER=true` the web process only verifies, stores and answers the platform;
one or more worker processes take what was stored from the inbox every `worker_poll_seconds`,
handle it (conversation engine, tickets, outbox rows) and send the replies. Webhook answers then
never wait behind handling, and handling can run on as many processes (and machines) as needed:
the inbox claim keeps every update handled once and each sender's updates in order.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import structlog

from core.settings import CoreSettings
from tanggap.app import freeze_startup_heap
from tanggap.logs import setup_logging
from tanggap.runtime import start_runtime
from tanggap.settings import ServiceSettings

log = structlog.get_logger(__name__)
T = TypeVar("T")


def run_event_loop(main: Coroutine[Any, Any, T]) -> T:
    """On uvloop when it is installed (with uvicorn[standard], on Linux and macOS), as uvicorn runs
    the web process; plain asyncio otherwise. On PostgreSQL it took a fifth to a third off the CPU
    per update in `bench/handling_bench.py` (docs/benchmarks.md, session 3)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


async def run_worker(core: CoreSettings, kb_path: Path, service: ServiceSettings) -> bool:
    """Until SIGINT or SIGTERM. False when no channel is configured (nothing to handle)."""
    setup_logging(core)
    runtime = await start_runtime(core, kb_path)
    try:
        if not runtime.channels.intakes():
            return False
        if not service.separate_worker:
            log.warning("worker_beside_inline_handling", hint="set TANGGAP_SEPARATE_WORKER=true for the web")
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        freeze_startup_heap()
        runtime.channels.start_worker(runtime.db, service)
        log.info(
            "worker_started", channels=sorted(runtime.channels.intakes()), partition=str(service.partition)
        )
        await stop.wait()
        log.info("worker_stopping")
        return True
    finally:
        await runtime.close()
