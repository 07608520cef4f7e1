"""The data directory, the SQLite database and its journal files are the service user's only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from core.db import Database


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.usefixtures("permissive_umask")
class TestPrivateFiles:
    async def test_a_new_data_directory_and_sqlite_database_are_owner_only(self, tmp_path: Path) -> None:
        data = tmp_path / "srv" / "tanggap"
        database = Database(f"sqlite:///{data / 'tanggap.db'}")
        try:
            async with database.session() as session:
                await session.execute(text("CREATE TABLE t (x INTEGER)"))
                await session.execute(text("INSERT INTO t VALUES (1)"))
            journals = sorted(data.glob("tanggap.db-*"))
            assert journals, "WAL mode keeps -wal and -shm files beside the database"
            assert {path.name: mode(path) for path in [data / "tanggap.db", *journals]} == {
                path.name: 0o600 for path in [data / "tanggap.db", *journals]
            }
        finally:
            await database.dispose()
        assert mode(data) == 0o700
        assert mode(tmp_path / "srv") == 0o700

    async def test_an_existing_directory_keeps_what_the_administrator_chose(self, tmp_path: Path) -> None:
        os.chmod(tmp_path, 0o750)
        database = Database(f"sqlite:///{tmp_path / 'tanggap.db'}")
        try:
            async with database.session() as session:
                await session.execute(text("SELECT 1"))
        finally:
            await database.dispose()
        assert mode(tmp_path) == 0o750
        assert mode(tmp_path / "tanggap.db") == 0o600
