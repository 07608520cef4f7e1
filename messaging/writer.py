"""SQLite has one writer: within a process, a webhook storing an update goes before handling.

Every transaction on SQLite takes the write lock at `BEGIN IMMEDIATE`, and a transaction that finds
it taken waits in SQLite's busy handler, which sleeps in growing steps (1, 2, 5, 10, ... 100 ms): a
webhook's store arriving while handling transactions follow one another could sleep through several
of them. Stores and handling transactions of this process queue here instead, stores first, so a
store waits for at most the one handling transaction in progress. On PostgreSQL (row locks) nothing
waits here.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections import deque
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager

from core.db import Database


class WriterQueue:
    def __init__(self) -> None:
        self._held = False
        self._stores: deque[asyncio.Future[None]] = deque()
        self._handling: deque[asyncio.Future[None]] = deque()

    @contextlib.asynccontextmanager
    async def turn(self, *, store: bool) -> AsyncIterator[None]:
        if self._held or self._stores or (self._handling and not store):
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            (self._stores if store else self._handling).append(waiter)
            try:
                await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self._pass_on()  # the turn was ours already: give it to the next one
                raise
        else:
            self._held = True
        try:
            yield
        finally:
            self._pass_on()

    def _pass_on(self) -> None:
        for waiting in (self._stores, self._handling):
            while waiting:
                waiter = waiting.popleft()
                if not waiter.done():
                    waiter.set_result(None)
                    return
        self._held = False


_queues: weakref.WeakKeyDictionary[Database, WriterQueue] = weakref.WeakKeyDictionary()


def writer_turn(db: Database, *, store: bool) -> AbstractAsyncContextManager[None]:
    """Around a store (`store=True`) or a handling transaction; nothing to wait for off SQLite."""
    if db.dialect != "sqlite":
        return contextlib.nullcontext()
    queue = _queues.get(db)
    if queue is None:
        queue = _queues[db] = WriterQueue()
    return queue.turn(store=store)
