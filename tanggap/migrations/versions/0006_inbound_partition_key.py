"""inbound_messages.partition_key: which `tanggap worker` polls a message (messaging.partitions)

Messages still waiting (received or failed) get their key from their sender; handled ones keep 0,
no worker polls them again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 07:30:00
"""

import zlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): outbound_messages points at inbound_messages.
    op.add_column("inbound_messages", sa.Column("partition_key", sa.Integer(), nullable=False, server_default="0"))
    inbound = sa.table(
        "inbound_messages",
        sa.column("id", sa.Integer),
        sa.column("sender_id", sa.String),
        sa.column("status", sa.String),
        sa.column("partition_key", sa.Integer),
    )
    connection = op.get_bind()
    waiting = sa.select(inbound.c.id, inbound.c.sender_id).where(inbound.c.status.in_(("received", "failed")))
    for inbound_id, sender_id in connection.execute(waiting).all():
        key = zlib.crc32(sender_id.encode()) & 0x7FFFFFFF  # messaging.partitions.partition_key_of
        connection.execute(inbound.update().where(inbound.c.id == inbound_id).values(partition_key=key))


def downgrade() -> None:
    op.drop_column("inbound_messages", "partition_key")
