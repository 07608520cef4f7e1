"""photo_uploads: every photo written for a citizen, for their daily upload quota

Revision ID: 0009
Revises: 0010
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.types

revision: str = "0009"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "photo_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("storage_path", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"], name=op.f("fk_photo_uploads_citizen_id_citizens")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_uploads")),
    )
    op.create_index("ix_photo_uploads_citizen_id_created_at", "photo_uploads", ["citizen_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_photo_uploads_citizen_id_created_at", table_name="photo_uploads")
    op.drop_table("photo_uploads")
