"""escalation: people, unit memberships, unit notification targets and chains, ticket escalation state,
staff notifications (held over quiet hours), citizens' ratings

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.types

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): `tickets` and others point at service_units.
    op.add_column(
        "service_units", sa.Column("telegram_chat_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
    )
    op.add_column("service_units", sa.Column("emails", sa.JSON(), nullable=False, server_default=EMPTY_LIST))
    op.add_column("service_units", sa.Column("chain", sa.JSON(), nullable=False, server_default=EMPTY_LIST))
    op.create_table(
        "people",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("is_supervisor", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("telegram_user_id", name=op.f("uq_people_telegram_user_id")),
    )
    op.create_table(
        "unit_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("person_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_unit_memberships_person_id_people")),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["service_units.id"], name=op.f("fk_unit_memberships_unit_id_service_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_memberships")),
        sa.UniqueConstraint("unit_id", "person_id", "role", name=op.f("uq_unit_memberships_unit_id_person_id_role")),
    )
    op.create_index(op.f("ix_unit_memberships_unit_id"), "unit_memberships", ["unit_id"])
    op.create_index(op.f("ix_unit_memberships_person_id"), "unit_memberships", ["person_id"])
    op.create_table(
        "ticket_escalations",
        sa.Column("ticket_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("unit_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("assignee_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("updated_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assignee_id"], ["people.id"], name=op.f("fk_ticket_escalations_assignee_id_people")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_escalations_ticket_id_tickets")),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["service_units.id"], name=op.f("fk_ticket_escalations_unit_id_service_units")
        ),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_ticket_escalations")),
    )
    op.create_table(
        "staff_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("target", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("not_before", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("released_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outbound_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outbound_id"], ["outbound_messages.id"], name=op.f("fk_staff_notifications_outbound_id_outbound_messages")
        ),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_staff_notifications_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_notifications")),
    )
    op.create_index(op.f("ix_staff_notifications_ticket_id"), "staff_notifications", ["ticket_id"])
    op.create_index("ix_staff_notifications_status_not_before", "staff_notifications", ["status", "not_before"])
    op.create_table(
        "ticket_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"], name=op.f("fk_ticket_ratings_citizen_id_citizens")),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_ratings_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_ratings")),
    )
    op.create_index(op.f("ix_ticket_ratings_ticket_id"), "ticket_ratings", ["ticket_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_ticket_ratings_ticket_id"), table_name="ticket_ratings")
    op.drop_table("ticket_ratings")
    op.drop_index("ix_staff_notifications_status_not_before", table_name="staff_notifications")
    op.drop_index(op.f("ix_staff_notifications_ticket_id"), table_name="staff_notifications")
    op.drop_table("staff_notifications")
    op.drop_table("ticket_escalations")
    op.drop_index(op.f("ix_unit_memberships_person_id"), table_name="unit_memberships")
    op.drop_index(op.f("ix_unit_memberships_unit_id"), table_name="unit_memberships")
    op.drop_table("unit_memberships")
    op.drop_table("people")
    op.drop_column("service_units", "chain")
    op.drop_column("service_units", "emails")
    op.drop_column("service_units", "telegram_chat_id")
