"""Queries of the escalation domain."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from escalation.models import (
    MemberRole,
    NotificationStatus,
    Person,
    ServiceUnit,
    StaffNotification,
    TicketEscalation,
    TicketRating,
    UnitMembership,
)
from sla import SlaClock
from tickets import OPEN_STATUSES, Ticket


async def all_units(session: AsyncSession) -> dict[str, ServiceUnit]:
    return {row.id: row for row in (await session.execute(_units_statement())).scalars()}


@cache
def _units_statement() -> Select[ServiceUnit]:
    return select(ServiceUnit)


async def all_people(session: AsyncSession) -> dict[str, Person]:
    return {row.id: row for row in (await session.execute(select(Person))).scalars()}


async def memberships(session: AsyncSession) -> Sequence[UnitMembership]:
    return (await session.execute(select(UnitMembership))).scalars().all()


async def members_of(session: AsyncSession, unit_id: str, role: MemberRole) -> Sequence[Person]:
    parameters = {"unit_id": unit_id, "role": str(role)}
    return (await session.execute(_members_statement(), parameters)).scalars().all()


@cache
def _members_statement() -> Select[Person]:
    """Read whenever a unit is told of a ticket: built once, executed with parameters."""
    return (
        select(Person)
        .join(UnitMembership, col(UnitMembership.person_id) == col(Person.id))
        .where(
            col(UnitMembership.unit_id) == bindparam("unit_id"),
            col(UnitMembership.role) == bindparam("role"),
            col(Person.active).is_(True),
        )
        .order_by(col(Person.id))
    )


async def supervisor(session: AsyncSession) -> Person | None:
    statement = select(Person).where(col(Person.is_supervisor).is_(True), col(Person.active).is_(True))
    return (await session.execute(statement.order_by(col(Person.id)).limit(1))).scalar_one_or_none()


async def read_escalation(session: AsyncSession, ticket_id: int) -> TicketEscalation | None:
    """The ticket's escalation state for reading (no row lock, nothing created)."""
    return await session.get(TicketEscalation, ticket_id)


async def escalation_of(session: AsyncSession, ticket_id: int) -> TicketEscalation | None:
    result = await session.execute(_escalation_statement(), {"ticket_id": ticket_id})
    return result.scalar_one_or_none()


@cache
def _escalation_statement() -> Select[TicketEscalation]:
    return (
        select(TicketEscalation)
        .where(col(TicketEscalation.ticket_id) == bindparam("ticket_id"))
        .with_for_update()
    )


async def due_held(session: AsyncSession, *, now: datetime, limit: int) -> Sequence[StaffNotification]:
    statement = (
        select(StaffNotification)
        .where(
            col(StaffNotification.status) == str(NotificationStatus.HELD),
            col(StaffNotification.not_before) <= now,
        )
        .order_by(col(StaffNotification.not_before), col(StaffNotification.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalars().all()


async def escalation_unit(session: AsyncSession, ticket_id: int) -> str | None:
    """The unit whose chain the ticket is on now (no lock: a held notification is only re-checked)."""
    statement = select(col(TicketEscalation.unit_id)).where(col(TicketEscalation.ticket_id) == ticket_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def clock_status(session: AsyncSession, clock_id: int) -> str | None:
    """The SLA clock's status now (running, paused, met, stopped)."""
    statement = select(col(SlaClock.status)).where(col(SlaClock.id) == clock_id)
    status = (await session.execute(statement)).scalar_one_or_none()
    return None if status is None else str(status)


async def notifications_of(session: AsyncSession, ticket_id: int) -> Sequence[StaffNotification]:
    statement = (
        select(StaffNotification)
        .where(col(StaffNotification.ticket_id) == ticket_id)
        .order_by(col(StaffNotification.id))
    )
    return (await session.execute(statement)).scalars().all()


async def told_since(session: AsyncSession, *, ticket_id: int, reason: str, since: datetime) -> bool:
    """Whether a notification of `reason` about the ticket was queued at or after `since`."""
    statement = (
        select(col(StaffNotification.id))
        .where(col(StaffNotification.ticket_id) == ticket_id)
        .where(col(StaffNotification.reason) == reason)
        .where(col(StaffNotification.created_at) >= since)
        .limit(1)
    )
    return (await session.execute(statement)).first() is not None


async def open_tickets_of(session: AsyncSession, unit_id: str) -> Sequence[tuple[Ticket, int | None]]:
    statement = (
        select(Ticket, col(TicketEscalation.level))
        .outerjoin(TicketEscalation, col(TicketEscalation.ticket_id) == col(Ticket.id))
        .where(col(Ticket.unit_id) == unit_id, col(Ticket.status).in_([str(s) for s in OPEN_STATUSES]))
        .order_by(col(Ticket.created_at), col(Ticket.id))
    )
    return [(row[0], row[1]) for row in (await session.execute(statement)).all()]


async def ratings_of(session: AsyncSession, ticket_id: int) -> Sequence[TicketRating]:
    statement = (
        select(TicketRating).where(col(TicketRating.ticket_id) == ticket_id).order_by(col(TicketRating.id))
    )
    return (await session.execute(statement)).scalars().all()


async def get_person(session: AsyncSession, person_id: str) -> Person | None:
    return await session.get(Person, person_id)


async def unit_of_telegram_chat(session: AsyncSession, chat_id: str) -> ServiceUnit | None:
    """The unit whose Telegram group is `chat_id`."""
    statement = select(ServiceUnit).where(col(ServiceUnit.telegram_chat_id) == chat_id).limit(1)
    return (await session.execute(statement)).scalars().first()


async def person_by_telegram(session: AsyncSession, telegram_user_id: int) -> Person | None:
    """The active person with this Telegram user id."""
    statement = select(Person).where(
        col(Person.telegram_user_id) == telegram_user_id, col(Person.active).is_(True)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def is_member_of_any(session: AsyncSession, person_id: str, unit_ids: Sequence[str]) -> bool:
    """Whether the person is an officer or head of any of `unit_ids`."""
    statement = select(col(UnitMembership.id)).where(
        col(UnitMembership.person_id) == person_id, col(UnitMembership.unit_id).in_(list(unit_ids))
    )
    return (await session.execute(statement.limit(1))).first() is not None


async def notification_sent_as(session: AsyncSession, outbound_id: int) -> StaffNotification | None:
    """The staff notification the outbox row `outbound_id` carried."""
    statement = select(StaffNotification).where(col(StaffNotification.outbound_id) == outbound_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def notification_outbound_ids(session: AsyncSession, ticket_id: int) -> list[int]:
    """The outbox rows that carried the ticket's staff notifications."""
    statement = select(col(StaffNotification.outbound_id)).where(
        col(StaffNotification.ticket_id) == ticket_id, col(StaffNotification.outbound_id).is_not(None)
    )
    return [value for value in (await session.execute(statement)).scalars() if value is not None]
