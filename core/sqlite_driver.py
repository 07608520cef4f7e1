"""SQLite through aiosqlite, with one trip to the connection's thread per statement.

aiosqlite runs each connection on its own thread. SQLAlchemy's adapter for it makes a trip to that
thread for every cursor operation: create the cursor, execute, fetch the rows, close, about 3.5
per statement. Each trip is a hand-off between threads and a wake-up of the event loop. Handling one
Telegram update makes about 47 of them. This adapter does the four in one function on the
connection's thread, so each statement is one trip. Measured with `bench/handling_bench.py`: about
30% less CPU and wall time per update on SQLite (docs/benchmarks.md).

It relies on the aiosqlite internals SQLAlchemy's own adapter already uses (`Connection._tx`, the
queue of work for the thread, and `Connection._conn`, the sqlite3 connection). The whole test suite
runs on it. Server-side cursors (`stream`) keep SQLAlchemy's cursor.
"""

from __future__ import annotations

import asyncio
import collections
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

T = TypeVar("T")
Description = tuple[tuple[Any, ...], ...] | None


class _OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """Holds the results of its last statement: rows, description, rowcount, last row id."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor (that would be a trip): each statement makes and closes its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Description = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    async def _execute_async(self, operation: Any, parameters: Any) -> None:
        raw: sqlite3.Connection = self._connection._conn

        def execute() -> tuple[Description, list[Any], int, int | None]:
            cursor = raw.cursor()
            try:
                cursor.execute(operation) if parameters is None else cursor.execute(operation, parameters)
                description = cursor.description
                rows = cursor.fetchall() if description else []
                return description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            self._description, rows, self._rowcount, self._lastrowid = await self._on_thread(execute)
        self._rows = collections.deque(rows)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Sequence[Any]) -> None:
        raw: sqlite3.Connection = self._connection._conn

        def execute_many() -> tuple[Description, int, int | None]:
            cursor = raw.cursor()
            try:
                cursor.executemany(operation, seq_of_parameters)
                return cursor.description, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            self._description, self._rowcount, self._lastrowid = await self._on_thread(execute_many)
        self._rows = collections.deque()

    async def _on_thread(self, work: Callable[[], T]) -> T:
        """Run `work` on the connection's thread, after what is queued there; one trip."""
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._connection._tx.put_nowait((done, work))
        return await done

    async def _async_soft_close(self) -> None:
        """Nothing to close: the statement's own cursor is closed on the thread."""

    def close(self) -> None:
        self._rows.clear()


class _OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = _OneTripCursor  # type: ignore[assignment]  # a subclass; mypy sees the attribute as invariant


class _OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return _OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> AsyncAdapt_aiosqlite_dbapi:
    """For `create_async_engine(..., module=...)` with a `sqlite+aiosqlite` URL."""
    return _OneTripDbapi(aiosqlite, sqlite3)
