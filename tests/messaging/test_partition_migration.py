"""Migration 0006: messages still waiting when it runs get their sender's partition key, so a
partitioned worker finds them; handled ones keep 0."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command

from messaging.partitions import partition_key_of
from tanggap.migrate import alembic_config

INBOUND = (
    "INSERT INTO inbound_messages (channel, dedupe_key, sender_id, payload, status, attempts, received_at) "
    "VALUES ('telegram', ?, ?, '{}', ?, 0, '2026-11-23 02:00:00.000000')"
)


def test_waiting_messages_get_their_senders_partition_key(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    config = alembic_config(f"sqlite+aiosqlite:///{path}")
    command.upgrade(config, "0005")
    with sqlite3.connect(path) as connection:
        connection.execute(INBOUND, ("tg:1:1", "4242", "received"))
        connection.execute(INBOUND, ("tg:1:2", "777", "failed"))
        connection.execute(INBOUND, ("tg:1:3", "4242", "processed"))
    command.upgrade(config, "head")
    with sqlite3.connect(path) as connection:
        keys = connection.execute("SELECT partition_key FROM inbound_messages ORDER BY id").fetchall()
    assert keys == [(partition_key_of("4242"),), (partition_key_of("777"),), (0,)]
    command.downgrade(config, "0005")
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(inbound_messages)")]
    assert "partition_key" not in columns
