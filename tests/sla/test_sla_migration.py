"""Migration 0002 moves open tickets' deadlines from the tickets table into running clocks (and back)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command

from tanggap.migrate import alembic_config

TICKET = (
    "INSERT INTO tickets (code, citizen_id, channel, kind, status, priority, confidential, anonymous, "
    "description, created_at, updated_at, first_response_due_at, resolution_due_at, first_responded_at) "
    "VALUES (?, 1, 'web', 'dm', ?, 'normal', 0, 0, 'x', '2026-11-23 02:00:00.000000', "
    "'2026-11-23 02:00:00.000000', '2026-11-26 03:30:00.000000', '2026-11-30 02:00:00.000000', ?)"
)


class TestMigration0002:
    def test_open_tickets_keep_their_deadlines_as_clocks(self, tmp_path: Path) -> None:
        path = tmp_path / "old.db"
        config = alembic_config(f"sqlite+aiosqlite:///{path}")
        command.upgrade(config, "0001")
        with sqlite3.connect(path) as connection:
            connection.execute(
                "INSERT INTO citizens (channel, external_id, created_at) VALUES ('web', 'a', '2026-11-23')"
            )
            connection.execute(TICKET, ("ADU-2026-000001", "open", None))
            connection.execute(TICKET, ("ADU-2026-000002", "in_progress", "2026-11-23 03:00:00.000000"))
            connection.execute(TICKET, ("ADU-2026-000003", "resolved", "2026-11-23 03:00:00.000000"))
        command.upgrade(config, "head")
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT ticket_id, kind, status, due_at, next_check_at, policy FROM sla_clocks ORDER BY id"
            ).fetchall()
            columns = [row[1] for row in connection.execute("PRAGMA table_info(tickets)")]
        assert [row[:5] for row in rows] == [
            (1, "first_response", "running", "2026-11-26 03:30:00.000000", "2026-11-26 03:30:00.000000"),
            (1, "resolution", "running", "2026-11-30 02:00:00.000000", "2026-11-30 02:00:00.000000"),
            (2, "resolution", "running", "2026-11-30 02:00:00.000000", "2026-11-30 02:00:00.000000"),
        ]
        assert json.loads(rows[0][5])["warnings"] == []
        assert "first_response_due_at" not in columns
        assert "resolution_due_at" not in columns
        command.downgrade(config, "0001")
        with sqlite3.connect(path) as connection:
            back = connection.execute("SELECT first_response_due_at FROM tickets ORDER BY id").fetchall()
        assert back == [("2026-11-26 03:30:00.000000",), (None,), (None,)]
