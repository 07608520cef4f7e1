"""web_sessions: server-issued web chat sessions, kept hashed; web chat ids hashed in place

The web chat's cookie used to be stored in clear as the citizen's identity in four columns
(`citizens.external_id`, `inbound_messages.sender_id` and `dedupe_key`, `outbound_messages.target`).
Each is replaced by the SHA-256 of the cookie (`bot.webchat.sessions.digest`), and every existing web
citizen gets a session row, so a browser that still holds its cookie keeps its history (within the
idle lifetime, counted from the citizen's last message).

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03 15:00:00
"""

import hashlib
import zlib
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.types

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WEB = "web"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    op.create_index(op.f("ix_web_sessions_last_seen_at"), "web_sessions", ["last_seen_at"])
    bind = op.get_bind()
    _hash_citizens(bind)
    _hash_inbound(bind)
    _hash_outbound(bind)


def _hash_citizens(bind: Any) -> None:
    rows = bind.execute(
        sa.text("SELECT id, external_id, created_at, last_message_at FROM citizens WHERE channel = :c"),
        {"c": WEB},
    ).all()
    for row in rows:
        token_hash = _digest(row.external_id)
        bind.execute(
            sa.text("UPDATE citizens SET external_id = :h WHERE id = :id"), {"h": token_hash, "id": row.id}
        )
        bind.execute(  # the stored times copied as they are (text on SQLite)
            sa.text("INSERT INTO web_sessions (token_hash, created_at, last_seen_at) VALUES (:h, :c, :s)"),
            {"h": token_hash, "c": row.created_at, "s": row.last_message_at or row.created_at},
        )


def _hash_inbound(bind: Any) -> None:
    rows = bind.execute(
        sa.text("SELECT id, sender_id, dedupe_key FROM inbound_messages WHERE channel = :c"), {"c": WEB}
    ).all()
    for row in rows:
        sender = _digest(row.sender_id) if row.sender_id else row.sender_id
        prefix = f"{WEB}:{row.sender_id}:"
        key = row.dedupe_key
        if row.sender_id and key.startswith(prefix):
            key = f"{WEB}:{sender}:{key[len(prefix) :]}"
        bind.execute(
            sa.text("UPDATE inbound_messages SET sender_id = :s, dedupe_key = :k, partition_key = :p WHERE id = :id"),
            {"s": sender, "k": key, "p": zlib.crc32(sender.encode()) & 0x7FFFFFFF, "id": row.id},
        )


def _hash_outbound(bind: Any) -> None:
    rows = bind.execute(sa.text("SELECT id, target FROM outbound_messages WHERE channel = :c"), {"c": WEB}).all()
    for row in rows:
        bind.execute(
            sa.text("UPDATE outbound_messages SET target = :t WHERE id = :id"),
            {"t": _digest(row.target) if row.target else row.target, "id": row.id},
        )


def downgrade() -> None:
    """The clear values cannot come back from their digests: web citizens keep hashed identities."""
    op.drop_index(op.f("ix_web_sessions_last_seen_at"), table_name="web_sessions")
    op.drop_table("web_sessions")
