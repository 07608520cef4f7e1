"""`tanggap worker` runs its event loop on uvloop, as uvicorn runs the web process's."""

from __future__ import annotations

import asyncio

import uvloop

from tanggap.worker import run_event_loop


def test_the_worker_loop_is_uvloop_and_returns_what_the_worker_returns() -> None:
    async def main() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert run_event_loop(main()) == uvloop.Loop.__module__
