"""Tables owned by the tickets domain: citizens, tickets, their history, attachments and code sequence."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

import core  # noqa: F401  (naming convention before any table)
from core.types import UTCDateTime


class TicketKind(StrEnum):
    DM = "dm"
    COMMENT = "comment"


class TicketStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING_CITIZEN = "waiting_citizen"
    RESOLVED = "resolved"
    CLOSED = "closed"


OPEN_STATUSES = (TicketStatus.OPEN, TicketStatus.IN_PROGRESS, TicketStatus.WAITING_CITIZEN)


class TicketPriority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class Citizen(SQLModel, table=True):
    __tablename__ = "citizens"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    external_id: str = Field(max_length=128)
    display_name: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    last_message_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Ticket(SQLModel, table=True):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_citizen_id_created_at", "citizen_id", "created_at"),
        Index("ix_tickets_unit_id_status", "unit_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    citizen_id: int = Field(foreign_key="citizens.id")
    channel: str = Field(max_length=32)
    kind: TicketKind = Field(sa_type=String(16))
    category: str | None = Field(default=None, max_length=64)
    unit_id: str | None = Field(default=None, foreign_key="service_units.id", max_length=64)
    status: TicketStatus = Field(default=TicketStatus.OPEN, sa_type=String(32))
    priority: TicketPriority = Field(default=TicketPriority.NORMAL, sa_type=String(16))
    confidential: bool = False
    anonymous: bool = False
    description: str
    location: str | None = Field(default=None, max_length=500)
    source_post_id: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    first_responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class TicketEvent(SQLModel, table=True):
    """Append-only history: rows are inserted, never updated or deleted."""

    __tablename__ = "ticket_events"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    kind: str = Field(max_length=48)
    actor: str = Field(max_length=128)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)


ORIGINAL_NAME_LENGTH = 255
"""Characters kept of a citizen's own name for a file (VARCHAR(255): PostgreSQL refuses more)."""


def fitted_file_name(name: str | None, limit: int = ORIGINAL_NAME_LENGTH) -> str | None:
    """`name` cut to `limit` characters, with "…" where it was cut and its extension kept (when the
    extension is short enough to keep): officers still see what the citizen called the file."""
    if name is None or len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    suffix = f"{dot}{extension}" if stem and len(extension) <= 16 else ""
    kept = name[: len(name) - len(suffix)] if suffix else name
    return kept[: limit - len(suffix) - 1] + "…" + suffix


class TicketAttachment(SQLModel, table=True):
    __tablename__ = "ticket_attachments"

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id", index=True)
    kind: str = Field(max_length=16)
    storage_path: str = Field(max_length=500)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    original_name: str | None = Field(default=None, max_length=ORIGINAL_NAME_LENGTH)
    """As the citizen's app named it, cut to fit (`fitted_file_name`)."""
    created_at: datetime = Field(sa_type=UTCDateTime)


class TicketSequence(SQLModel, table=True):
    """The last number handed out per year, so codes read ADU-2026-000123."""

    __tablename__ = "ticket_sequences"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_number: int = 0


class TicketEventKind(StrEnum):
    OPENED = "opened"
    ACKNOWLEDGED = "acknowledged"
    CITIZEN_MESSAGE = "citizen_message"
    ATTACHMENT_ADDED = "attachment_added"
    REPLIED = "replied"
    STATUS_CHANGED = "status_changed"
    ASSIGNED = "assigned"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"
    DELIVERY_FAILED = "delivery_failed"
    ASKED_CITIZEN = "asked_citizen"
    FLAGS_CHANGED = "flags_changed"
