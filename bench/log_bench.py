"""What one log line costs: an error with its traceback, and an info line; the old rendering against
the new, side by side in one run.

Run: ``.venv/bin/python bench/log_bench.py [--errors 20] [--infos 5000]``.

The error is a real one: a request through the service's HTTP stack (guards, FastAPI, the error
handler) to a route whose SQL fails in SQLAlchemy on SQLite, caught at the ASGI entry, so its
traceback holds the frames (and locals) a production error holds. Each way logs it `--errors` times
and an info line (with a NIK in it) `--infos` times, to /dev/null. Logging is synchronous: the time
per call is time the event loop is held.

- old: structlog's console renderer with its default exception formatter (rich, with local
  variables), top-level values masked (the configuration before issue 10);
- new: `core.logging` (plain traceback, no locals, every string redacted), console and JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, MutableMapping
from functools import partial
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import structlog  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from sqlalchemy import text  # noqa: E402
from starlette.types import Receive, Scope, Send  # noqa: E402

from core.db import Database  # noqa: E402
from core.logging import configure_logging  # noqa: E402
from core.privacy import mask_pii  # noqa: E402
from tanggap.app import build_http_app  # noqa: E402
from web import WebSettings  # noqa: E402

NIK = "3201234567890001"


async def real_error(devnull: TextIO) -> BaseException:
    """An exception as it reaches the ASGI server from a failing request."""
    with tempfile.TemporaryDirectory() as directory:
        db = Database(f"sqlite+aiosqlite:///{directory}/bench.db")
        app: FastAPI = build_http_app(WebSettings())
        app.router.lifespan_context = None  # type: ignore[assignment]

        @app.get("/gagal")
        async def fails() -> None:
            async with db.session() as session:
                await session.execute(
                    text("SELECT * FROM tidak_ada WHERE nik = :nik"), {"nik": "3201234567890001"}
                )

        caught: list[BaseException] = []

        async def outermost(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                await app(scope, receive, send)
            except Exception as error:
                caught.append(error)

        with (
            contextlib.redirect_stdout(devnull),
            contextlib.redirect_stderr(devnull),
        ):
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=outermost), base_url="http://b"
            ) as http:
                await http.get("/gagal")
        await db.dispose()
    return caught[0]


def configure_old(stream: TextIO) -> None:
    """The configuration before issue 10 (core/logging.py at 710e10d)."""

    def mask_event(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> dict[str, Any]:
        return {
            key: mask_pii(value) if isinstance(value, str) else value for key, value in event_dict.items()
        }

    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            mask_event,
            structlog.dev.ConsoleRenderer(colors=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        logger_factory=structlog.PrintLoggerFactory(file=stream),
        cache_logger_on_first_use=True,
    )


def per_call_ms(calls: int, log_once: Callable[[], None]) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        log_once()
    return (time.perf_counter() - start) * 1000 / calls


def measure(error: BaseException, errors: int, infos: int, devnull: TextIO) -> list[tuple[str, float, float]]:
    results = []
    ways: list[tuple[str, Callable[[], None]]] = [
        ("old (rich, locals)", lambda: configure_old(devnull)),
        ("new console", lambda: configure_logging("INFO", json=False, secrets=["graph-app-secret"])),
        ("new JSON", lambda: configure_logging("INFO", json=True, secrets=["graph-app-secret"])),
    ]
    for name, configure in ways:
        configure()
        log = structlog.get_logger("bench")
        one_error = partial(log.error, "unhandled_error", path="/gagal", exc_info=error)
        one_info = partial(log.info, "inbound_stored", channel="webchat", inbound_id=42, text=f"NIK {NIK}")
        with contextlib.redirect_stderr(devnull):
            results.append((name, per_call_ms(errors, one_error), per_call_ms(infos, one_info)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", type=int, default=20)
    parser.add_argument("--infos", type=int, default=5000)
    args = parser.parse_args()
    devnull = open(os.devnull, "w")  # noqa: SIM115 (open for the whole run)
    error = asyncio.run(real_error(devnull))
    frames = 0
    tb = error.__traceback__
    while tb is not None:
        frames, tb = frames + 1, tb.tb_next
    print(f"error: {type(error).__name__}, {frames} frames; {args.errors} errors, {args.infos} infos per way")
    print(f"{'way':<20} {'error+traceback ms':>19} {'info line µs':>13}")
    for name, error_ms, info_ms in measure(error, args.errors, args.infos, devnull):
        print(f"{name:<20} {error_ms:>19.2f} {info_ms * 1000:>13.1f}")


if __name__ == "__main__":
    main()
