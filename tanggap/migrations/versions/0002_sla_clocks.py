"""sla clocks: per-ticket SLA clocks and the sweeper's lease; deadlines move off the tickets table

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 01:11:45.905785

The deadlines of tickets that are still open are carried over as running clocks (without warning
points: the policy they were opened under was not recorded before this revision).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = sa.text("status IN ('running', 'paused')")
OPEN_TICKETS = "status IN ('open', 'in_progress', 'waiting_citizen')"
MIGRATED_POLICY = (
    '{"name": "sebelum 0002", "first_response": null, "next_response": null, '
    '"resolution": null, "warnings": []}'
)


def upgrade() -> None:
    op.create_table(
        "sla_sweep_leases",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sla_sweep_leases")),
    )
    op.create_table(
        "sla_clocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("policy", sa.JSON(), nullable=False),
        sa.Column("started_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("due_at", core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("warning_times", sa.JSON(), nullable=False),
        sa.Column("warnings_fired", sa.Integer(), nullable=False),
        sa.Column("next_check_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("paused_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("paused_seconds", sa.Float(), nullable=False),
        sa.Column("claimed_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("breached_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("met_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("stopped_at", core.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_sla_clocks_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_clocks")),
    )
    op.create_index("ix_sla_clocks_next_check_at", "sla_clocks", ["next_check_at"])
    op.create_index("ix_sla_clocks_ticket_id_kind", "sla_clocks", ["ticket_id", "kind"])
    op.create_index(
        "uq_sla_clocks_active_ticket_id_kind",
        "sla_clocks",
        ["ticket_id", "kind"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    _carry_over_deadlines()
    # Plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35): batch mode would copy and drop `tickets`,
    # which the foreign keys of ticket_events and others forbid.
    op.drop_column("tickets", "resolution_due_at")
    op.drop_column("tickets", "first_response_due_at")


def _carry_over_deadlines() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    policy = f"CAST('{MIGRATED_POLICY}' AS JSON)" if postgresql else f"'{MIGRATED_POLICY}'"
    empty = "CAST('[]' AS JSON)" if postgresql else "'[]'"
    for kind, column, condition in (
        ("first_response", "first_response_due_at", "first_responded_at IS NULL"),
        ("resolution", "resolution_due_at", "resolved_at IS NULL"),
    ):
        op.execute(
            "INSERT INTO sla_clocks (ticket_id, kind, status, policy, started_at, due_at, warning_times, "
            "warnings_fired, next_check_at, paused_seconds) "
            f"SELECT id, '{kind}', 'running', {policy}, created_at, {column}, {empty}, 0, {column}, 0 "
            f"FROM tickets WHERE {column} IS NOT NULL AND {condition} AND {OPEN_TICKETS}"
        )


def downgrade() -> None:
    op.add_column("tickets", sa.Column("first_response_due_at", core.types.UTCDateTime(timezone=True)))
    op.add_column("tickets", sa.Column("resolution_due_at", core.types.UTCDateTime(timezone=True)))
    for kind, column in (("first_response", "first_response_due_at"), ("resolution", "resolution_due_at")):
        op.execute(
            f"UPDATE tickets SET {column} = (SELECT MAX(due_at) FROM sla_clocks "
            f"WHERE sla_clocks.ticket_id = tickets.id AND sla_clocks.kind = '{kind}')"
        )
    op.drop_index("uq_sla_clocks_active_ticket_id_kind", table_name="sla_clocks")
    op.drop_index("ix_sla_clocks_ticket_id_kind", table_name="sla_clocks")
    op.drop_index("ix_sla_clocks_next_check_at", table_name="sla_clocks")
    op.drop_table("sla_clocks")
    op.drop_table("sla_sweep_leases")
