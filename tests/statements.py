"""The SQL statements one `Database` runs while a block runs, seen at the driver's edge (SQLAlchemy's
`before_cursor_execute`): what a request costs the database, measured on the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from core.db import Database


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The statements run inside the block, in order, their first word upper-cased (INSERT, ...)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement.split(None, 1)[0].upper())

    target = db.engine.sync_engine
    event.listen(target, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(target, "before_cursor_execute", record)
