"""Tables of staff accounts: who may sign in to the dashboard, their second factor, their sessions, and
the append-only audit log of what staff did (docs/security.md, "Staff accounts")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String
from sqlmodel import Field, SQLModel

import core  # noqa: F401
from core.types import UTCDateTime


class StaffRole(StrEnum):
    OFFICER = "officer"
    UNIT_HEAD = "unit_head"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class StaffAccount(SQLModel, table=True):
    """A person who signs in. `person_id` links the account to a person of `escalation.yaml` (their
    units decide which tickets they see); an admin may have none. No password: cannot sign in."""

    __tablename__ = "staff_accounts"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    person_id: str | None = Field(default=None, foreign_key="people.id", max_length=64, index=True)
    role: StaffRole = Field(sa_type=String(16))
    password_hash: str | None = Field(default=None, max_length=255)
    totp_secret: str | None = Field(default=None, max_length=64)
    totp_enabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """None while the secret is only offered (enrolment not confirmed with a code)."""
    totp_last_step: int | None = Field(default=None, sa_type=BigInteger)
    """The last 30-second step whose code was accepted: that step and earlier ones are refused."""
    failed_count: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    disabled: bool = False
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class StaffRecoveryCode(SQLModel, table=True):
    """One of an account's recovery codes, kept as its SHA-256; usable once."""

    __tablename__ = "staff_recovery_codes"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="staff_accounts.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SessionStage(StrEnum):
    SECOND_FACTOR = "second_factor"
    """The password was right; a TOTP or recovery code is still owed."""
    ENROL = "enrol"
    """The password was right; the role requires two-factor and the account has none yet."""
    FULL = "full"


class StaffSession(SQLModel, table=True):
    """A signed-in browser. Only the SHA-256 of the cookie's value is stored."""

    __tablename__ = "staff_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    account_id: int = Field(foreign_key="staff_accounts.id", index=True)
    stage: SessionStage = Field(sa_type=String(16))
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_seen_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    """The absolute end, whatever the activity."""
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=512)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StaffAudit(SQLModel, table=True):
    """What a member of staff did, append-only (a database trigger refuses UPDATE and DELETE)."""

    __tablename__ = "staff_audit"
    __table_args__ = (Index("ix_staff_audit_account_id_at", "account_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="staff_accounts.id")
    person_id: str | None = Field(default=None, max_length=64)
    actor: str = Field(max_length=96)
    """`account:<username>`, or `officer:<person id>` when acting from a chat channel."""
    action: str = Field(max_length=48)
    ticket_id: int | None = Field(default=None, index=True)
    """No foreign key: the record outlives whatever happens to the ticket."""
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ip: str | None = Field(default=None, max_length=64)
    channel: str | None = Field(default=None, max_length=32)
    at: datetime = Field(sa_type=UTCDateTime, index=True)


class ApiClient(SQLModel, table=True):
    """An integration that calls the JSON API with a bearer token (docs/security.md, "API tokens").
    Only the SHA-256 of the token is stored; the token is shown once, when the client is created."""

    __tablename__ = "api_clients"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64, unique=True)
    """Unique among all clients, revoked ones included: the audit log names a client by it."""
    token_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    units: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """The units whose tickets it sees (with the units below them); None: every unit."""
    person_id: str | None = Field(default=None, foreign_key="people.id", max_length=64)
    """The person it acts as on the desk (replies, resolutions); None: it only reads."""
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
