"""Tables owned by the escalation domain: service units with their notification targets and chains,
the people who work in them, each ticket's escalation state, staff notifications and citizens' ratings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

import core  # noqa: F401
from core.types import UTCDateTime


class ServiceUnit(SQLModel, table=True):
    __tablename__ = "service_units"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    scope: str = ""
    parent_id: str | None = Field(default=None, foreign_key="service_units.id", max_length=64)
    is_triage: bool = False
    active: bool = True
    telegram_chat_id: str | None = Field(default=None, max_length=64)
    """The unit's Telegram group; None: notified through the closest unit above it that has one."""
    emails: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    chain: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, default=list)
    )
    """Escalation levels as data: [{"kind": "officers"}, {"kind": "head"}, {"kind": "supervisor"}]."""


class Person(SQLModel, table=True):
    """Someone who works on tickets: an officer, a unit head, the agency's supervisor."""

    __tablename__ = "people"

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    title: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=254)
    telegram_user_id: int | None = Field(default=None, sa_type=BigInteger, unique=True)
    is_supervisor: bool = False
    active: bool = True


class MemberRole(StrEnum):
    OFFICER = "officer"
    HEAD = "head"


class UnitMembership(SQLModel, table=True):
    __tablename__ = "unit_memberships"
    __table_args__ = (UniqueConstraint("unit_id", "person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    unit_id: str = Field(foreign_key="service_units.id", max_length=64, index=True)
    person_id: str = Field(foreign_key="people.id", max_length=64, index=True)
    role: MemberRole = Field(sa_type=String(16))


class TicketEscalation(SQLModel, table=True):
    """Where a ticket stands in its unit's chain (0 = the unit's officers)."""

    __tablename__ = "ticket_escalations"

    ticket_id: int = Field(
        primary_key=True, foreign_key="tickets.id", sa_column_kwargs={"autoincrement": False}
    )
    unit_id: str = Field(foreign_key="service_units.id", max_length=64)
    level: int = 0
    assignee_id: str | None = Field(default=None, foreign_key="people.id", max_length=64)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class NotificationStatus(StrEnum):
    HELD = "held"
    QUEUED = "queued"
    DROPPED = "dropped"
    """Held, then not sent: at its release it no longer applied (`dropped_reason` says why)."""


class StaffNotification(SQLModel, table=True):
    """A message to staff (a unit group, a head, an email box). Outside working time it is `held` with
    `not_before` and handed to the outbox by `release_held`, which re-checks it first; otherwise it goes
    to the outbox at once."""

    __tablename__ = "staff_notifications"
    __table_args__ = (Index("ix_staff_notifications_status_not_before", "status", "not_before"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    unit_id: str | None = Field(default=None, max_length=64)
    level: int | None = None
    reason: str = Field(max_length=32)
    channel: str = Field(max_length=32)
    target: str = Field(max_length=254)
    text: str
    status: NotificationStatus = Field(sa_type=String(16))
    not_before: datetime = Field(sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outbound_id: int | None = Field(default=None, foreign_key="outbound_messages.id")
    clock_id: int | None = None
    """The SLA clock a warning or breach notice is about (`sla_clocks.id`)."""
    dropped_reason: str | None = Field(default=None, max_length=32)


class TicketRating(SQLModel, table=True):
    """A citizen's rating (1-5) of how a ticket was handled; the latest per ticket counts."""

    __tablename__ = "ticket_ratings"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    citizen_id: int = Field(foreign_key="citizens.id")
    score: int
    comment: str | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
