"""Which tickets a principal sees: one rule, as a SQL condition for queries (`ticket_filter`) and as a
check on one ticket (`may_see`). A ticket a principal may not see is reported as not found, exactly as
a ticket that does not exist (the web layer answers 404): its existence is not revealed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import false, or_, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from core.errors import NotFoundError
from escalation.desk.access import TicketRef, find_ticket
from escalation.staff.principal import Principal
from tickets import Ticket


def ticket_filter(principal: Principal) -> ColumnElement[Any]:
    """A condition on `Ticket` keeping the tickets `principal` sees (a ticket not yet routed to a
    unit belongs to the triage unit, as `escalation.context.state_of` has it):
    `select(Ticket).where(ticket_filter(principal))`."""
    if principal.units is None:
        return true()
    condition: ColumnElement[Any] = (
        col(Ticket.unit_id).in_(sorted(principal.units)) if principal.units else false()
    )
    return or_(condition, col(Ticket.unit_id).is_(None)) if principal.sees_unrouted else condition


def may_see(principal: Principal, ticket: Ticket) -> bool:
    """The same rule as `ticket_filter`, on one ticket."""
    return principal.sees_unit(ticket.unit_id)


async def visible_ticket(session: AsyncSession, principal: Principal, ref: TicketRef) -> Ticket:
    """The ticket `ref` names if `principal` sees it; `NotFoundError` otherwise (the same error, and
    the same message, as for a ticket that does not exist)."""
    ticket = await find_ticket(session, ref)
    if not may_see(principal, ticket):
        raise NotFoundError(f"unknown ticket {ref!r}")
    return ticket
