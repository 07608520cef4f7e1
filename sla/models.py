"""Tables owned by the sla package: per-ticket SLA clocks and the sweeper's lease (SQLite only)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, text
from sqlmodel import Field, SQLModel

import core  # noqa: F401  (naming convention before any table)
from core.types import UTCDateTime


class ClockKind(StrEnum):
    FIRST_RESPONSE = "first_response"
    NEXT_RESPONSE = "next_response"
    RESOLUTION = "resolution"


class ClockStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    """The response or resolution was given (late when `breached_at` is set)."""
    STOPPED = "stopped"
    """No longer owed without being met, e.g. the ticket was closed."""


ACTIVE_STATUSES = (ClockStatus.RUNNING, ClockStatus.PAUSED)


class SlaEventKind(StrEnum):
    """Ticket events written by the sla package, so the history explains every deadline."""

    CLOCK_STARTED = "sla_clock_started"
    CLOCK_PAUSED = "sla_clock_paused"
    CLOCK_RESUMED = "sla_clock_resumed"
    CLOCK_MET = "sla_clock_met"
    CLOCK_STOPPED = "sla_clock_stopped"
    WARNING = "sla_warning"
    BREACHED = "sla_breached"


class SlaClock(SQLModel, table=True):
    """One SLA promise on one ticket: a first response, a next response, or a resolution.

    `policy` is the snapshot of the policy the ticket was opened under, so editing sla.yaml never rewrites
    a running promise. `warning_times[i]` is when `policy["warnings"][i]` of the allowed time has passed;
    `warnings_fired` counts the points already handled. `next_check_at` is the one moment the sweep must
    look at this row again (the next warning, else the deadline); NULL when there is nothing left to fire
    or the clock is paused. The sweep finds due rows through its index only.
    """

    __tablename__ = "sla_clocks"
    __table_args__ = (
        Index("ix_sla_clocks_next_check_at", "next_check_at"),
        Index("ix_sla_clocks_ticket_id_kind", "ticket_id", "kind"),
        Index(
            "uq_sla_clocks_active_ticket_id_kind",
            "ticket_id",
            "kind",
            unique=True,
            sqlite_where=text("status IN ('running', 'paused')"),
            postgresql_where=text("status IN ('running', 'paused')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id")
    kind: ClockKind = Field(sa_type=String(16))
    status: ClockStatus = Field(default=ClockStatus.RUNNING, sa_type=String(16))
    policy: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    started_at: datetime = Field(sa_type=UTCDateTime)
    due_at: datetime = Field(sa_type=UTCDateTime)
    warning_times: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    warnings_fired: int = 0
    next_check_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paused_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paused_seconds: float = 0.0
    """Time spent in pauses that ended, counted like the target (working seconds for working-time ones)."""
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=64)
    """The sweep that last fired something on this clock (for audits)."""
    breached_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    met_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    stopped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class SweepLease(SQLModel, table=True):
    """Who may sweep on SQLite (PostgreSQL uses an advisory lock instead): one row per lease name.

    A sweeper takes the lease when it is free, expired or already its own, with one conditional UPDATE.
    """

    __tablename__ = "sla_sweep_leases"

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime)
