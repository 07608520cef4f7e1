"""One message at a time per web chat sender, in the order they came.

The queued channels (Telegram, WhatsApp) hand each sender's messages to one worker in turn
(`messaging.handoff`); the web chat handles a message in its own request, so a browser that sends
its whole allowance at once (20 messages a minute) would otherwise put twenty transactions in the
database's queue (SQLite's one writer, PostgreSQL's pool, all waiting on that sender's conversation
row) in front of every other citizen. Here its messages wait for each other instead, holding no
connection, and take one place in that queue at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class SenderTurns:
    """Per key, one holder at a time; the others wait in arrival order (`asyncio.Lock` is fair).
    A key's lock lives only while someone holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def turn(self, key: str) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)
