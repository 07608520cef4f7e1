"""staff accounts: staff_accounts, staff_recovery_codes, staff_sessions, and staff_audit, which a
trigger keeps append-only (UPDATE and DELETE refused) on PostgreSQL and SQLite

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import core.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Moment = core.types.UTCDateTime

PG_FUNCTION = """
CREATE FUNCTION staff_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'staff_audit is append-only: % refused', TG_OP;
END
$$
"""
PG_TRIGGER = """
CREATE TRIGGER staff_audit_append_only BEFORE UPDATE OR DELETE ON staff_audit
FOR EACH ROW EXECUTE FUNCTION staff_audit_append_only()
"""
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER staff_audit_no_{verb.lower()} BEFORE {verb} ON staff_audit "
    f"BEGIN SELECT RAISE(ABORT, 'staff_audit is append-only: {verb} refused'); END"
    for verb in ("UPDATE", "DELETE")
]


def upgrade() -> None:
    _accounts()
    _recovery_codes()
    _sessions()
    _audit()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def _accounts() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", String(length=64), nullable=False),
        sa.Column("person_id", String(length=64), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", String(length=255), nullable=True),
        sa.Column("totp_secret", String(length=64), nullable=True),
        sa.Column("totp_enabled_at", Moment(timezone=True), nullable=True),
        sa.Column("totp_last_step", sa.BigInteger(), nullable=True),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("locked_until", Moment(timezone=True), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", Moment(timezone=True), nullable=False),
        sa.Column("updated_at", Moment(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_staff_accounts_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_accounts_username")),
    )
    op.create_index(op.f("ix_staff_accounts_person_id"), "staff_accounts", ["person_id"])


def _recovery_codes() -> None:
    op.create_table(
        "staff_recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", String(length=64), nullable=False),
        sa.Column("created_at", Moment(timezone=True), nullable=False),
        sa.Column("used_at", Moment(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["staff_accounts.id"], name=op.f("fk_staff_recovery_codes_account_id_staff_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_recovery_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_staff_recovery_codes_code_hash")),
    )
    op.create_index(op.f("ix_staff_recovery_codes_account_id"), "staff_recovery_codes", ["account_id"])


def _sessions() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("created_at", Moment(timezone=True), nullable=False),
        sa.Column("last_seen_at", Moment(timezone=True), nullable=False),
        sa.Column("expires_at", Moment(timezone=True), nullable=False),
        sa.Column("ip", String(length=64), nullable=True),
        sa.Column("user_agent", String(length=512), nullable=True),
        sa.Column("revoked_at", Moment(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["staff_accounts.id"], name=op.f("fk_staff_sessions_account_id_staff_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_sessions_token_hash")),
    )
    op.create_index(op.f("ix_staff_sessions_account_id"), "staff_sessions", ["account_id"])


def _audit() -> None:
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("person_id", String(length=64), nullable=True),
        sa.Column("actor", String(length=96), nullable=False),
        sa.Column("action", String(length=48), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("ip", String(length=64), nullable=True),
        sa.Column("channel", String(length=32), nullable=True),
        sa.Column("at", Moment(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["staff_accounts.id"], name=op.f("fk_staff_audit_account_id_staff_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_audit")),
    )
    op.create_index("ix_staff_audit_account_id_at", "staff_audit", ["account_id", "at"])
    op.create_index(op.f("ix_staff_audit_at"), "staff_audit", ["at"])
    op.create_index(op.f("ix_staff_audit_ticket_id"), "staff_audit", ["ticket_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS staff_audit_append_only ON staff_audit")
        op.execute("DROP FUNCTION IF EXISTS staff_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS staff_audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS staff_audit_no_delete")
    for table in ("staff_audit", "staff_sessions", "staff_recovery_codes", "staff_accounts"):
        op.drop_table(table)
