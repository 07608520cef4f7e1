"""Async engine and sessions. The request/update boundary owns the transaction and commits;
services and repositories only flush."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from core.files import create_private_file, make_private_dir
from core.settings import normalise_database_url
from core.sqlite_driver import one_trip_dbapi

_READ_ONLY = "tanggap_read_only"


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalise_database_url(url)
        self.engine: AsyncEngine = _create_engine(self.url, echo=echo)
        self._sessions = async_sessionmaker(self.engine, expire_on_commit=False, class_=AsyncSession)
        self._readers = async_sessionmaker(
            self.engine.execution_options(**{_READ_ONLY: True}), expire_on_commit=False, class_=AsyncSession
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session whose transaction commits on success and rolls back on error."""
        async with self._sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session that only reads. On SQLite its transaction does not take the write lock (every
        other transaction does, `_begin_immediate`), so lookups on a hot path (a web chat cookie) never
        queue behind writers or make them wait. Writing in it may fail with "database is locked"."""
        async with self._readers() as session:
            try:
                yield session
            finally:
                await session.rollback()

    def new_session(self) -> AsyncSession:
        """A bare session; the caller commits."""
        return self._sessions()

    async def dispose(self) -> None:
        await self.engine.dispose()


def _create_engine(url: str, *, echo: bool) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # No pre-ping (a round trip before every transaction): a connection the server dropped fails
        # its transaction once, SQLAlchemy then discards the whole pool, and that transaction is
        # retried like any failed one (the webhook answers 500, handling and sending retry).
        return create_async_engine(url, echo=echo, pool_recycle=1800, hide_parameters=True)
    if parsed.database and parsed.database != ":memory:":
        make_private_dir(Path(parsed.database).parent)
        create_private_file(Path(parsed.database))
    options: dict[str, Any] = {"module": one_trip_dbapi()} if parsed.get_driver_name() == "aiosqlite" else {}
    engine = create_async_engine(
        url, echo=echo, connect_args={"timeout": 30}, hide_parameters=True, **options
    )
    event.listen(engine.sync_engine, "connect", _configure_sqlite)
    event.listen(engine.sync_engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers and a writer share the file; foreign keys are off by default in SQLite."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    dbapi_connection.isolation_level = None


def _begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock when the transaction starts: a read-then-write transaction can then
    never fail half-way because another one wrote in between (SQLite's stand-in for row locks).
    Sessions from `Database.reading` begin a plain (deferred) transaction instead."""
    if connection.get_execution_options().get(_READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
