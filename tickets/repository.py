"""Queries for the tickets domain. Only flushes; the caller's boundary commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.sql import insert_ignoring_conflict, table_of
from tickets.models import Citizen, Ticket, TicketAttachment, TicketEvent, TicketSequence, TicketStatus


async def find_citizen(session: AsyncSession, *, channel: str, external_id: str) -> Citizen | None:
    statement = select(Citizen).where(
        col(Citizen.channel) == channel, col(Citizen.external_id) == external_id
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def insert_citizen_if_absent(session: AsyncSession, values: dict[str, Any]) -> None:
    table = table_of(Citizen)
    await insert_ignoring_conflict(session, table, values, conflict_columns=["channel", "external_id"])


async def get_citizen(session: AsyncSession, citizen_id: int) -> Citizen | None:
    return await session.get(Citizen, citizen_id)


async def next_sequence_number(session: AsyncSession, year: int) -> int:
    """Atomically take the next number of `year` (row lock on PostgreSQL, write lock on SQLite)."""
    table = table_of(TicketSequence)
    await insert_ignoring_conflict(
        session, table, {"year": year, "last_number": 0}, conflict_columns=["year"]
    )
    statement = (
        update(TicketSequence)
        .where(col(TicketSequence.year) == year)
        .values(last_number=col(TicketSequence.last_number) + 1)
        .returning(col(TicketSequence.last_number))
    )
    return int((await session.execute(statement)).scalar_one())


async def add(session: AsyncSession, row: Ticket | TicketEvent | TicketAttachment | Citizen) -> None:
    session.add(row)
    await session.flush()


async def get_ticket(session: AsyncSession, ticket_id: int) -> Ticket | None:
    return await session.get(Ticket, ticket_id)


async def find_ticket_by_code(session: AsyncSession, code: str) -> Ticket | None:
    statement = select(Ticket).where(col(Ticket.code) == code)
    return (await session.execute(statement)).scalar_one_or_none()


async def list_tickets_of_citizen(session: AsyncSession, citizen_id: int, *, limit: int) -> Sequence[Ticket]:
    statement = (
        select(Ticket)
        .where(col(Ticket.citizen_id) == citizen_id)
        .order_by(col(Ticket.created_at).desc(), col(Ticket.id).desc())
        .limit(limit)
    )
    return (await session.execute(statement)).scalars().all()


async def list_tickets_of_citizen_in(
    session: AsyncSession, citizen_id: int, statuses: Sequence[TicketStatus]
) -> Sequence[Ticket]:
    statement = (
        select(Ticket)
        .where(col(Ticket.citizen_id) == citizen_id, col(Ticket.status).in_([str(s) for s in statuses]))
        .order_by(col(Ticket.created_at).desc(), col(Ticket.id).desc())
    )
    return (await session.execute(statement)).scalars().all()


async def insert_events(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """One executemany INSERT; the events are not loaded into the session."""
    await session.execute(insert(table_of(TicketEvent)), rows)


async def touch_tickets(session: AsyncSession, ticket_ids: Sequence[int], *, at: datetime) -> None:
    table = table_of(Ticket)
    await session.execute(update(table).where(table.c.id.in_(ticket_ids)).values(updated_at=at))


async def list_events(session: AsyncSession, ticket_id: int) -> Sequence[TicketEvent]:
    statement = (
        select(TicketEvent).where(col(TicketEvent.ticket_id) == ticket_id).order_by(col(TicketEvent.id))
    )
    return (await session.execute(statement)).scalars().all()


async def list_attachments(session: AsyncSession, ticket_id: int) -> Sequence[TicketAttachment]:
    statement = (
        select(TicketAttachment).where(TicketAttachment.ticket_id == ticket_id).order_by(TicketAttachment.id)  # type: ignore[arg-type]
    )
    return (await session.execute(statement)).scalars().all()
