"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.db import Database
from tanggap.models import metadata


class TestMigrations:
    async def test_the_migrated_schema_matches_the_models(self, db: Database) -> None:
        def differences(connection: object) -> list[object]:
            context = MigrationContext.configure(connection, opts={"compare_type": True})  # type: ignore[arg-type]
            return list(compare_metadata(context, metadata))

        async with db.engine.connect() as connection:
            diff = await connection.run_sync(differences)
        assert diff == []
