"""Tickets with SLA clocks on the real test database, and helpers to read what the clocks recorded."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db import Database
from sla import SlaAlert, SlaClock, SlaConfig, default_sla_config
from sla import service as sla
from tests.bot.conftest import another_citizen, citizen, engine
from tickets import NewTicket, Ticket, TicketEvent, TicketKind
from tickets import service as tickets

__all__ = ["another_citizen", "citizen", "engine"]

WIB = ZoneInfo("Asia/Jakarta")


def iso(moment: datetime) -> str:
    """A moment as the clocks store it: ISO 8601 in UTC."""
    return moment.astimezone(UTC).isoformat()


def wib(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def config() -> SlaConfig:
    return default_sla_config("Asia/Jakarta")


async def open_ticket(db: Database, config: SlaConfig, kind: TicketKind = TicketKind.DM) -> int:
    """A ticket opened now by a new citizen, with its clocks started as the bot starts them."""
    async with db.session() as session:
        citizen = await tickets.get_or_create_citizen(
            session, channel="web", external_id=f"warga-{uuid.uuid4().hex[:8]}"
        )
        ticket = await tickets.open_ticket(
            session,
            citizen=citizen,
            code_prefix="ADU",
            actor="citizen",
            ticket=NewTicket(channel="web", kind=kind, description="Lampu jalan mati sejak seminggu."),
        )
        await sla.start_clocks(session, ticket=ticket, config=config, actor="citizen")
        assert ticket.id is not None
        return ticket.id


async def load_ticket(session: AsyncSession, ticket_id: int) -> Ticket:
    ticket = await tickets.get_ticket(session, ticket_id=ticket_id)
    assert ticket is not None
    return ticket


async def clocks(db: Database, ticket_id: int) -> list[SlaClock]:
    async with db.session() as session:
        statement = select(SlaClock).where(col(SlaClock.ticket_id) == ticket_id).order_by(col(SlaClock.id))
        return list((await session.execute(statement)).scalars().all())


async def clock_of(db: Database, ticket_id: int, kind: str, *, active: bool = True) -> SlaClock:
    found = [c for c in await clocks(db, ticket_id) if c.kind == kind and (c.active or not active)]
    assert found, f"no {kind} clock"
    return found[-1]


async def sla_events(db: Database, ticket_id: int | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(kind, data) of every sla_* ticket event, oldest first."""
    async with db.session() as session:
        statement = select(TicketEvent).order_by(col(TicketEvent.id))
        if ticket_id is not None:
            statement = statement.where(col(TicketEvent.ticket_id) == ticket_id)
        events = (await session.execute(statement)).scalars().all()
    return [(e.kind, e.data) for e in events if e.kind.startswith("sla_")]


async def alert_events(db: Database) -> list[tuple[int, str, str, float | None]]:
    """(ticket, event kind, clock kind, point) of every warning and breach recorded."""
    async with db.session() as session:
        statement = select(TicketEvent).order_by(col(TicketEvent.id))
        events = (await session.execute(statement)).scalars().all()
    return [
        (e.ticket_id, e.kind, e.data["clock"], e.data.get("point"))
        for e in events
        if e.kind in ("sla_warning", "sla_breached")
    ]


@dataclass
class CollectingListener:
    """A listener that keeps what it was told, in order (what escalation will act on)."""

    told: list[SlaAlert] = field(default_factory=list)

    async def on_warning(self, session: AsyncSession, alert: SlaAlert) -> None:
        self.told.append(alert)

    async def on_breach(self, session: AsyncSession, alert: SlaAlert) -> None:
        self.told.append(alert)


@dataclass
class CrashingListener(CollectingListener):
    """Raises on its first `crashes` alerts: a crash after the claim, before the commit."""

    crashes: int = 1

    async def on_warning(self, session: AsyncSession, alert: SlaAlert) -> None:
        self._maybe_crash()
        await super().on_warning(session, alert)

    async def on_breach(self, session: AsyncSession, alert: SlaAlert) -> None:
        self._maybe_crash()
        await super().on_breach(session, alert)

    def _maybe_crash(self) -> None:
        if self.crashes > 0:
            self.crashes -= 1
            raise RuntimeError("the process died between the claim and the commit")
