"""outbound_messages: index on (channel, external_id), for the platforms' delivery status callbacks
(WhatsApp reports a failed delivery by message id)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 05:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_outbound_messages_channel_external_id", "outbound_messages", ["channel", "external_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_outbound_messages_channel_external_id", table_name="outbound_messages")
