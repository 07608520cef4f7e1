"""Shared fixtures: a real database (SQLite by default, PostgreSQL when TANGGAP_TEST_DATABASE_URL
points at one), migrated once per run and emptied before each test; a frozen clock."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from core import clock as core_clock
from core.catalogue import install_agency_wording
from core.db import Database
from core.settings import normalise_database_url
from tanggap import migrate
from tanggap.models import metadata

WIB = ZoneInfo("Asia/Jakarta")
# Monday 23 November 2026, 09:00 WIB: an ordinary working morning.
DEFAULT_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    configured = os.environ.get("TANGGAP_TEST_DATABASE_URL")
    if configured:
        url = normalise_database_url(configured)
        asyncio.run(_reset_postgres_schema(url))
    else:
        url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    migrate.upgrade(url)
    return url


async def _reset_postgres_schema(url: str) -> None:
    database = Database(url)
    try:
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await database.dispose()


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    await _empty_tables(database)
    try:
        yield database
    finally:
        await database.dispose()


async def _empty_tables(database: Database) -> None:
    tables = [table.name for table in reversed(metadata.sorted_tables)]
    async with database.session() as session:
        if database.dialect == "postgresql":
            await session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:  # append-only tables refuse DELETE by trigger: lifted for the emptying, then restored
            triggers = (
                await session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
            ).all()
            for name, _sql in triggers:
                await session.execute(text(f'DROP TRIGGER "{name}"'))
            for table in tables:
                await session.execute(text(f"DELETE FROM {table}"))
            for _name, sql in triggers:
                await session.execute(text(sql))


@pytest.fixture(autouse=True)
def default_wording() -> Iterator[None]:
    """Each test starts with the catalogues' own wording (a runtime installs its agency's, process-wide)."""
    install_agency_wording({})
    yield
    install_agency_wording({})


@pytest.fixture
def clock() -> Iterator[core_clock.FrozenClock]:
    frozen = core_clock.FrozenClock(DEFAULT_NOW)
    with core_clock.use_clock(frozen):
        yield frozen


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """022, as most servers have it: files would be world-readable unless created otherwise."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def sample_kb_path() -> Path:
    import faq

    return Path(faq.SAMPLE_KB_PATH)
