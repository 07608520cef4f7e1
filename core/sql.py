"""Small SQL helpers that need to know the dialect."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Insert, Table, inspect
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
    statement = insert_ignoring_conflict_statement(dialect, table, tuple(conflict_columns))
    result = await session.execute(statement, values)
    return bool(getattr(result, "rowcount", 0))


@cache
def insert_ignoring_conflict_statement(
    dialect: str, table: Table, conflict_columns: tuple[str, ...]
) -> Insert:
    """The statement of `insert_ignoring_conflict`, built once per table (the values are parameters,
    so hot paths do not rebuild it); callers may add `.returning(...)`."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns))
