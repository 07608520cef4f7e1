"""staff_notifications: the SLA clock a warning or breach is about, and why a held notification was
dropped at its release (escalation.notify.release_held re-checks it)

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-24 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN of nullable columns: no batch copy needed on SQLite.
    op.add_column("staff_notifications", sa.Column("clock_id", sa.Integer(), nullable=True))
    op.add_column(
        "staff_notifications",
        sa.Column("dropped_reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("staff_notifications") as batch:
        batch.drop_column("dropped_reason")
        batch.drop_column("clock_id")
