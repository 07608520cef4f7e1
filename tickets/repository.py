"""Queries for the tickets domain. Only flushes; the caller's boundary commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, Update, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningUpdate
from sqlmodel import col

from core.sql import insert_ignoring_conflict, table_of
from core.types import UTCDateTime
from tickets.models import Citizen, Ticket, TicketAttachment, TicketEvent, TicketSequence, TicketStatus


async def find_citizen(session: AsyncSession, *, channel: str, external_id: str) -> Citizen | None:
    parameters = {"channel": channel, "external_id": external_id}
    return (await session.execute(_citizen_statement(), parameters)).scalar_one_or_none()


@cache
def _citizen_statement() -> Select[Citizen]:
    """Read on every message: built once, executed with parameters."""
    return select(Citizen).where(
        col(Citizen.channel) == bindparam("channel"), col(Citizen.external_id) == bindparam("external_id")
    )


async def touch_citizen(
    session: AsyncSession, *, channel: str, external_id: str, display_name: str | None, at: datetime
) -> Citizen | None:
    """Note a message from the citizen (`last_message_at`, and `display_name` when given) and return
    them, or None when there is no such citizen: one UPDATE ... RETURNING, not a read and a write."""
    statement = _touch_named_statement() if display_name else _touch_statement()
    parameters = {"b_channel": channel, "b_external_id": external_id, "b_at": at, "b_name": display_name}
    return (await session.execute(statement, parameters)).scalar_one_or_none()


@cache
def _touch_statement() -> ReturningUpdate[Citizen]:
    return (
        update(Citizen)
        .where(
            col(Citizen.channel) == bindparam("b_channel"),
            col(Citizen.external_id) == bindparam("b_external_id"),
        )
        .values(last_message_at=bindparam("b_at", type_=UTCDateTime()))
        .returning(Citizen)
        .execution_options(synchronize_session=False, populate_existing=True)
    )


@cache
def _touch_named_statement() -> ReturningUpdate[Citizen]:
    return _touch_statement().values(display_name=bindparam("b_name"))


async def insert_citizen_if_absent(session: AsyncSession, values: dict[str, Any]) -> None:
    table = table_of(Citizen)
    await insert_ignoring_conflict(session, table, values, conflict_columns=["channel", "external_id"])


async def get_citizen(session: AsyncSession, citizen_id: int) -> Citizen | None:
    return await session.get(Citizen, citizen_id)


async def next_sequence_number(session: AsyncSession, year: int) -> int:
    """Atomically take the next number of `year` (row lock on PostgreSQL, write lock on SQLite).

    The year's row is created (race-safe) only when the first attempt finds none."""
    parameters = {"b_year": year}
    number = (await session.execute(_take_number_statement(), parameters)).scalar_one_or_none()
    if number is None:
        table = table_of(TicketSequence)
        await insert_ignoring_conflict(
            session, table, {"year": year, "last_number": 0}, conflict_columns=["year"]
        )
        number = (await session.execute(_take_number_statement(), parameters)).scalar_one()
    return int(number)


@cache
def _take_number_statement() -> Update:
    return (
        update(TicketSequence)
        .where(col(TicketSequence.year) == bindparam("b_year"))
        .values(last_number=col(TicketSequence.last_number) + 1)
        .returning(col(TicketSequence.last_number))
    )


async def add(
    session: AsyncSession, row: Ticket | TicketEvent | TicketAttachment | Citizen, *, flush: bool = True
) -> None:
    session.add(row)
    if flush:
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
    parameters = {"citizen_id": citizen_id, "statuses": [str(s) for s in statuses]}
    return (await session.execute(_tickets_in_statement(), parameters)).scalars().all()


@cache
def _tickets_in_statement() -> Select[Ticket]:
    """Read on most free-text messages (does a ticket wait for this citizen?): built once."""
    return (
        select(Ticket)
        .where(
            col(Ticket.citizen_id) == bindparam("citizen_id"),
            col(Ticket.status).in_(bindparam("statuses", expanding=True)),
        )
        .order_by(col(Ticket.created_at).desc(), col(Ticket.id).desc())
    )


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


async def attachment_paths_among(session: AsyncSession, paths: Sequence[str]) -> set[str]:
    """Which of these storage paths some ticket's attachment points at."""
    if not paths:
        return set()
    column = col(TicketAttachment.storage_path)
    statement = select(column).where(column.in_(paths))
    return set((await session.execute(statement)).scalars().all())


async def list_attachments(session: AsyncSession, ticket_id: int) -> Sequence[TicketAttachment]:
    statement = (
        select(TicketAttachment).where(TicketAttachment.ticket_id == ticket_id).order_by(TicketAttachment.id)  # type: ignore[arg-type]
    )
    return (await session.execute(statement)).scalars().all()
