"""Group commit: writes that arrive together share one transaction.

Each caller awaits its own result, and gets it only after the commit. The first write of a quiet
moment starts a transaction at once (no timer, no added latency); writes arriving while it runs wait
for the next one, which carries all of them. Under load that turns a transaction per write into a
transaction per batch. If a batch's transaction fails, its writes are tried again one by one, so a
bad write fails alone (its caller gets the exception) and its neighbours are still committed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database

T = TypeVar("T")
R = TypeVar("R")
WriteBatch = Callable[[AsyncSession, Sequence[T]], Awaitable[Sequence[R]]]
MAX_BATCH = 200


@dataclass(frozen=True)
class _Pending(Generic[T, R]):
    item: T
    done: asyncio.Future[R]


class GroupCommit(Generic[T, R]):
    """Writes of one kind to one database, in the event loop that first used it."""

    def __init__(
        self,
        db: Database,
        write: WriteBatch[T, R],
        *,
        name: str,
        turn: Callable[[], AbstractAsyncContextManager[None]] = contextlib.nullcontext,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self.db = db
        self.name = name
        self._write_batch = write
        self._turn = turn
        self.max_batch = max_batch
        self._pending: list[_Pending[T, R]] = []
        self._task: asyncio.Task[None] | None = None
        self.batches = 0

    async def submit(self, item: T) -> R:
        """The item's result, once committed. Raises what writing it raised."""
        done: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append(_Pending(item, done))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._write_all(), name=f"group-commit-{self.name}")
        return await asyncio.shield(done)

    async def _write_all(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            try:
                await self._write(batch)
            except Exception:
                for pending in batch:
                    with contextlib.suppress(Exception):
                        await self._write([pending])

    async def _write(self, batch: list[_Pending[T, R]]) -> None:
        try:
            async with self._turn(), self.db.session() as session:
                results = await self._write_batch(session, [pending.item for pending in batch])
        except Exception as error:
            if len(batch) == 1 and not batch[0].done.done():
                batch[0].done.set_exception(error)
            raise
        self.batches += 1
        for pending, result in zip(batch, results, strict=True):
            if not pending.done.done():
                pending.done.set_result(result)
