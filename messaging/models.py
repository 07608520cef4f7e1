"""Inbox and outbox tables: every message that reached us, every message we owe."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String
from sqlmodel import Field, SQLModel

import core  # noqa: F401
from core.types import UTCDateTime


class InboundStatus(StrEnum):
    RECEIVED = "received"
    PROCESSED = "processed"
    FAILED = "failed"
    PARKED = "parked"
    IGNORED = "ignored"


class OutboundStatus(StrEnum):
    """`sending`: claimed by a worker, lease in `next_attempt_at`; with `attempted_at` set the
    platform has been (or is being) asked to deliver it (`messaging.outbox`)."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class InboundMessage(SQLModel, table=True):
    """A message as it reached us, stored before we acknowledge it. `dedupe_key` makes redelivery harmless."""

    __tablename__ = "inbound_messages"
    __table_args__ = (Index("ix_inbound_messages_status_received_at", "status", "received_at"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    dedupe_key: str = Field(max_length=200, unique=True)
    sender_id: str = Field(max_length=128)
    partition_key: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    """`messaging.partitions.partition_key_of(sender_id)`: which `tanggap worker` polls this message."""
    citizen_id: int | None = Field(default=None, foreign_key="citizens.id", index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: InboundStatus = Field(default=InboundStatus.RECEIVED, sa_type=String(16))
    attempts: int = 0
    last_error: str | None = None
    received_at: datetime = Field(sa_type=UTCDateTime)
    processed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    holder: str | None = Field(default=None, max_length=64)
    """The process that stored the message and handles it (its `HandlingLease`): once that lease has
    lapsed (the process died), any process takes the message over at once (`messaging.leases`)."""


class HandlingLease(SQLModel, table=True):
    """A process that handles what it stores, alive while `expires_at` is ahead (renewed every few
    seconds; a process killed with -9 stops renewing, and its waiting messages are taken over)."""

    __tablename__ = "handling_leases"

    holder: str = Field(primary_key=True, max_length=64)
    started_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)


class OutboundMessage(SQLModel, table=True):
    """A reply we owe, written in the same transaction as the state change that caused it."""

    __tablename__ = "outbound_messages"
    __table_args__ = (
        Index("ix_outbound_messages_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_outbound_messages_channel_external_id", "channel", "external_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    target: str = Field(max_length=128)
    citizen_id: int | None = Field(default=None, foreign_key="citizens.id", index=True)
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id", index=True)
    inbound_id: int | None = Field(default=None, foreign_key="inbound_messages.id", index=True)
    text: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    template_name: str | None = Field(default=None, max_length=128)
    status: OutboundStatus = Field(default=OutboundStatus.PENDING, sa_type=String(16))
    attempts: int = 0
    last_error: str | None = None
    external_id: str | None = Field(default=None, max_length=128)
    created_at: datetime = Field(sa_type=UTCDateTime)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """Committed just before the platform is asked to send, cleared with the outcome: still set
    after the lease lapsed, the send is in doubt (`messaging.outbox_doubt`)."""
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
