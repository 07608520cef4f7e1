"""Real failures for the crash tests: a database that stops answering, a process that dies.

`Outage` makes every statement of one `Database` fail at the driver's edge, as a PostgreSQL that
went away does (SQLAlchemy's `OperationalError`), until the frozen clock passes its end: the code
under test meets a real failing connection, nothing of it is replaced. `Crash` runs a task that a
fake platform server kills at the moment it chooses (the process died there)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from core.clock import FrozenClock
from core.db import Database


class Outage:
    def __init__(self, db: Database, clock: FrozenClock) -> None:
        self.clock = clock
        self.until: datetime | None = None
        self.refused = 0
        event.listen(db.engine.sync_engine, "before_cursor_execute", self._refuse)

    def start(self, *, seconds: float) -> None:
        self.until = self.clock.now() + timedelta(seconds=seconds)

    @property
    def down(self) -> bool:
        return self.until is not None and self.clock.now() < self.until

    def _refuse(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.down:
            self.refused += 1
            raise OperationalError(statement, parameters, ConnectionRefusedError("the database is down"))


class Crash:
    """`run(work)` until `kill()`: the task is cancelled where it stands, nothing after it runs."""

    def __init__(self) -> None:
        self.task: asyncio.Task[Any] | None = None
        self.killed = False

    async def run(self, work: Awaitable[Any]) -> None:
        async def wrapped() -> None:
            await work

        self.task = asyncio.create_task(wrapped())
        try:
            await self.task
        except asyncio.CancelledError:
            if not self.killed:
                raise

    async def kill(self, *_: Any) -> None:
        assert self.task is not None
        self.killed = True
        self.task.cancel()
