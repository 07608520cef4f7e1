"""Small SQL helpers that need to know the dialect."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def table_of(model: type[Any]) -> Table:
    """The Core table behind a mapped class (typed, unlike `Model.__table__`)."""
    return cast(Table, inspect(model).local_table)


async def insert_ignoring_conflict(
    session: AsyncSession, table: Table, values: dict[str, Any], *, conflict_columns: list[str]
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on PostgreSQL and SQLite. Returns True when a row was inserted."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict_columns)
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))
