"""The SQLite adapter (one trip to aiosqlite's thread per statement) behaves as a DB-API cursor must:
rows, row counts, new ids, several parameter sets, errors, and transactions that roll back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from core.db import Database
from core.sqlite_driver import one_trip_dbapi


@pytest.fixture
async def sqlite(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'adapter.db'}")
    async with database.engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT UNIQUE NOT NULL)")
        )
    try:
        yield database
    finally:
        await database.dispose()


async def test_sqlite_databases_use_the_adapter(sqlite: Database) -> None:
    assert type(sqlite.engine.dialect.dbapi) is type(one_trip_dbapi())


async def test_rows_counts_and_new_ids_come_back_from_one_statement(sqlite: Database) -> None:
    async with sqlite.engine.begin() as connection:
        inserted = await connection.execute(text("INSERT INTO notes (body) VALUES ('satu')"))
        assert inserted.lastrowid == 1
        await connection.execute(
            text("INSERT INTO notes (body) VALUES (:body)"), [{"body": "dua"}, {"body": "tiga"}]
        )
        updated = await connection.execute(text("UPDATE notes SET body = body || '!' WHERE id > 1"))
        assert updated.rowcount == 2
        rows = await connection.execute(text("SELECT id, body FROM notes ORDER BY id"))
        assert list(rows.keys()) == ["id", "body"]
        assert rows.all() == [(1, "satu"), (2, "dua!"), (3, "tiga!")]
        returned = await connection.execute(text("DELETE FROM notes WHERE id = 3 RETURNING body"))
        assert returned.scalar_one() == "tiga!"
        nothing = await connection.execute(text("SELECT body FROM notes WHERE id = 99"))
        assert nothing.first() is None


async def test_a_failed_statement_raises_and_its_transaction_rolls_back(sqlite: Database) -> None:
    async with sqlite.engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes (body) VALUES ('satu')"))

    async def insert_two_the_second_a_duplicate() -> None:
        async with sqlite.engine.begin() as connection:
            await connection.execute(text("INSERT INTO notes (body) VALUES ('dua')"))
            await connection.execute(text("INSERT INTO notes (body) VALUES ('satu')"))

    with pytest.raises(IntegrityError):
        await insert_two_the_second_a_duplicate()
    async with sqlite.engine.connect() as connection:
        bodies = (await connection.execute(text("SELECT body FROM notes"))).scalars().all()
    assert bodies == ["satu"], "the failed transaction left nothing, the connection still works"
