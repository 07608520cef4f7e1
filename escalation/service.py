"""What officers, the dashboard and the bot do to a ticket's routing and escalation. Functions take the
session first and keyword-only arguments after; they flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import ConflictError
from escalation import repository
from escalation.context import EscalationContext, state_of
from escalation.directory import recipients
from escalation.models import TicketEscalation
from escalation.notify import Notice, notify
from escalation.routing import RoutingDecision
from escalation.texts import excerpt
from sla import ClockKind
from sla import service as sla
from tickets import OPEN_STATUSES, Ticket, TicketPriority
from tickets import service as tickets


@dataclass(frozen=True)
class OutsideAgency:
    """Where a ticket that is not the agency's to handle goes, and how the citizen reaches it."""

    name: str
    contact: str
    email: str | None = None


async def ticket_routed(
    session: AsyncSession,
    *,
    ticket: Ticket,
    decision: RoutingDecision,
    context: EscalationContext,
    first_due: datetime | None = None,
) -> None:
    """A ticket was just filed for `decision.unit_id`: record why, and tell the unit's level 0.
    `first_due`: the first-response deadline, when the caller has just started the clocks (else read)."""
    state = await state_of(session, ticket)
    await tickets.record_event(
        session,
        ticket,
        kind="routed",
        actor="escalation",
        data={
            "unit": decision.unit_id,
            "confidence": round(decision.confidence, 3),
            "reasons": list(decision.reasons),
        },
    )
    await tell_unit(session, ticket, state, context, reason="new_ticket", first_due=first_due)


async def tell_unit(
    session: AsyncSession,
    ticket: Ticket,
    state: TicketEscalation,
    context: EscalationContext,
    *,
    reason: str,
    actor: str | None = None,
    note: str | None = None,
    first_due: datetime | None = None,
) -> None:
    """Tell the people at the ticket's level (`state`, from `state_of`) of its unit's chain.
    `note`: the officer's note on a reroute, or what the citizen wrote (`citizen_message`)."""
    texts = context.texts
    units = await repository.all_units(session)
    told = await recipients(session, unit_id=state.unit_id, level=state.level, texts=texts, units=units)
    unit_name = units[state.unit_id].name if state.unit_id in units else state.unit_id
    values = {"code": ticket.code, "unit": unit_name, "description": excerpt(ticket.description, 500)}
    if reason == "new_ticket":
        due = first_due if first_due is not None else await _first_due(session, ticket, context)
        text = texts.render(
            "staff.new_ticket",
            category=ticket.category or "-",
            location=ticket.location,
            due=context.moment(due) if due else "-",
            **values,
        )
    elif reason == "citizen_message":
        text = texts.render("staff.citizen_message", message=excerpt(note or "", 500), **values)
    elif reason == "rerouted":
        text = texts.render("staff.rerouted", actor=actor or "-", note=note, **values)
    else:
        text = texts.render("staff.reopened", **values)
    await notify(
        session,
        recipients=told,
        notice=Notice(reason=reason, text=text),
        ticket_id=ticket.id,
        unit_id=state.unit_id,
        calendar=context.sla.calendar,
        urgent=ticket.priority == TicketPriority.URGENT,
    )


async def _first_due(session: AsyncSession, ticket: Ticket, context: EscalationContext) -> datetime | None:
    clocks = await sla.live_clocks(session, ticket=ticket, config=context.sla)
    return next((c.due_at for c in clocks if c.kind == ClockKind.FIRST_RESPONSE), None)


def require_open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATUSES:
        raise ConflictError(f"ticket {ticket.code} is not open")
