"""outbound_messages.attempted_at: when the send now in progress began (messaging.outbox)

Set, and committed, just before a reply is handed to the platform; cleared when its outcome is
recorded. A row whose lease lapsed with it still set is "in doubt": the platform may have taken it.

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import core.types

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table), nullable: instant on both databases.
    op.add_column(
        "outbound_messages", sa.Column("attempted_at", core.types.UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("outbound_messages", "attempted_at")
