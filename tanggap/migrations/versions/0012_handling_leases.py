"""handling_leases and inbound_messages.holder: messages a dead process stored are taken over in
seconds (messaging.leases) instead of after a fixed 30 s grace

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handling_leases",
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("started_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("holder", name=op.f("pk_handling_leases")),
    )
    # Plain ADD COLUMN (no batch copy): outbound_messages points at inbound_messages.
    op.add_column(
        "inbound_messages", sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("inbound_messages", "holder")
    op.drop_table("handling_leases")
