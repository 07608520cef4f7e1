"""What officers, the dashboard and the bot do to a ticket's routing and escalation. Functions take the
session first and keyword-only arguments after; they flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import ConflictError, NotFoundError
from escalation import repository
from escalation.citizen import rating_choices, tell_citizen
from escalation.context import EscalationContext, state_of
from escalation.directory import Recipients, recipients
from escalation.models import TicketEscalation, TicketRating
from escalation.notify import Notice, notify
from escalation.routing import RoutingDecision
from escalation.texts import excerpt
from sla import ClockKind
from sla import service as sla
from tickets import OPEN_STATUSES, Ticket, TicketEventKind, TicketPriority, TicketStatus
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
    await _tell_unit(session, ticket, state, context, reason="new_ticket", first_due=first_due)


async def reroute(
    session: AsyncSession,
    *,
    ticket: Ticket,
    actor: str,
    context: EscalationContext,
    to_unit: str | None = None,
    note: str | None = None,
) -> Ticket:
    """ "Bukan wewenang": send the ticket to `to_unit`, or back to triage when None. Its escalation starts
    again at level 0 of the new unit; the citizen is told where it went. Clocks keep running."""
    _require_open(ticket)
    units = await repository.all_units(session)
    target = to_unit or next((u.id for u in units.values() if u.is_triage), None)
    if target is None or target not in units or not units[target].active:
        raise NotFoundError(f"unknown unit {to_unit!r}")
    if target == ticket.unit_id:
        raise ConflictError(f"ticket {ticket.code} is already with {target}")
    previous = ticket.unit_id
    await tickets.assign_unit(
        session, ticket=ticket, unit_id=target, actor=actor, data={"reason": "bukan_wewenang", "note": note}
    )
    state = await state_of(session, ticket)
    state.unit_id, state.level, state.assignee_id, state.updated_at = target, 0, None, clock.now()
    await tickets.record_event(
        session, ticket, kind="rerouted", actor=actor, data={"from": previous, "to": target, "note": note}
    )
    await _tell_unit(session, ticket, state, context, reason="rerouted", actor=actor, note=note)
    await tell_citizen(session, context, ticket, "citizen.forwarded", unit=units[target].name)
    return ticket


async def forward_outside(
    session: AsyncSession,
    *,
    ticket: Ticket,
    actor: str,
    agency: OutsideAgency,
    context: EscalationContext,
    note: str | None = None,
) -> Ticket:
    """ "Bukan wewenang" of the whole agency: the citizen is told which body handles it and how to reach
    it, the ticket is closed as forwarded (clocks stop), and the body is mailed if it has an address."""
    _require_open(ticket)
    await tell_citizen(
        session,
        context,
        ticket,
        "citizen.forwarded_outside",
        body=agency.name,
        contact=agency.contact,
        note=note,
    )
    data = {"reason": "forwarded_outside", "to": agency.name, "contact": agency.contact, "note": note}
    await tickets.change_status(session, ticket=ticket, status=TicketStatus.CLOSED, actor=actor, data=data)
    await sla.stop_clocks(session, ticket=ticket, actor=actor, reason="forwarded_outside")
    await tickets.record_event(session, ticket, kind="forwarded_outside", actor=actor, data=data)
    if agency.email and context.settings.email_enabled:
        body = f"{context.agency.name} meneruskan pengaduan {ticket.code}:\n\n{ticket.description}"
        subject = context.texts.render("staff.email_subject", subject=f"Penerusan pengaduan {ticket.code}")
        outside = Recipients(0, True, "outside", agency.name, (), (agency.email,))
        await notify(
            session,
            recipients=outside,
            notice=Notice(reason="forwarded_outside", text=body, subject=subject),
            ticket_id=ticket.id,
            unit_id=ticket.unit_id,
            calendar=context.sla.calendar,
            email=True,
        )
    return ticket


async def claim_ticket(
    session: AsyncSession, *, ticket: Ticket, person_id: str, context: EscalationContext
) -> None:
    """An officer takes the ticket ("Ambil"): they are its assignee, the ticket is in progress, and the
    history says who (event `assigned`). Claiming a ticket someone else holds takes it over."""
    _require_open(ticket)
    state = await state_of(session, ticket)
    previous = state.assignee_id
    state.assignee_id, state.updated_at = person_id, clock.now()
    actor = f"officer:{person_id}"
    await tickets.record_event(
        session,
        ticket,
        kind="assigned",
        actor=actor,
        data={"person": person_id, "previous": previous, "unit": state.unit_id, "level": state.level},
    )
    if ticket.status == TicketStatus.OPEN:
        await tickets.change_status(session, ticket=ticket, status=TicketStatus.IN_PROGRESS, actor=actor)
    await session.flush()


async def officer_reply(
    session: AsyncSession, *, ticket: Ticket, person_id: str, text: str, context: EscalationContext
) -> None:
    """An officer writes to the citizen: wrapped in the agency's greeting and signature, queued to the
    citizen's channel, recorded, and counted as the response for the SLA."""
    _require_open(ticket)
    units = await repository.all_units(session)
    unit = units.get(ticket.unit_id or "")
    actor = f"officer:{person_id}"
    message = await tell_citizen(
        session,
        context,
        ticket,
        "citizen.reply",
        unit=unit.name if unit else context.agency.name,
        text=text.strip(),
    )
    await tickets.record_event(
        session,
        ticket,
        kind=TicketEventKind.REPLIED,
        actor=actor,
        data={
            "text": text.strip(),
            "outbound_id": message.id if message else None,
            "counts_as_response": True,
        },
    )
    if ticket.status == TicketStatus.OPEN:
        await tickets.change_status(session, ticket=ticket, status=TicketStatus.IN_PROGRESS, actor=actor)
    await sla.record_response(session, ticket=ticket, actor=actor)


async def resolve_ticket(
    session: AsyncSession, *, ticket: Ticket, actor: str, context: EscalationContext, note: str | None = None
) -> None:
    """Resolve: clocks met, and the citizen is asked to rate (1-5) and told they may reopen within
    `reopen_days`."""
    await sla.resolve(session, ticket=ticket, actor=actor)
    units = await repository.all_units(session)
    unit = units.get(ticket.unit_id or "")
    until = clock.now() + timedelta(days=context.settings.reopen_days)
    await tell_citizen(
        session,
        context,
        ticket,
        "citizen.resolved",
        choices=rating_choices(context, ticket),
        unit=unit.name if unit else context.agency.name,
        note=note,
        reopen_until=context.moment(until),
    )


async def reopen_ticket(
    session: AsyncSession, *, ticket: Ticket, context: EscalationContext, actor: str = "citizen"
) -> None:
    """The citizen reopens a resolved ticket (within `reopen_days`): it goes back to its unit, at level 0."""
    if ticket.status != TicketStatus.RESOLVED or ticket.resolved_at is None:
        raise ConflictError(f"ticket {ticket.code} is not resolved")
    if clock.now() > ticket.resolved_at + timedelta(days=context.settings.reopen_days):
        raise ConflictError(
            f"ticket {ticket.code} was resolved more than {context.settings.reopen_days} days ago"
        )
    await sla.reopen(session, ticket=ticket, config=context.sla, actor=actor)
    state = await state_of(session, ticket)
    state.level, state.updated_at = 0, clock.now()
    if ticket.unit_id is not None:
        state.unit_id = ticket.unit_id
    await _tell_unit(session, ticket, state, context, reason="reopened")
    units = await repository.all_units(session)
    await tell_citizen(session, context, ticket, "citizen.reopened", unit=units[state.unit_id].name)


async def rate_ticket(
    session: AsyncSession,
    *,
    ticket: Ticket,
    score: int,
    context: EscalationContext,
    comment: str | None = None,
) -> TicketRating:
    """The citizen rates a resolved or closed ticket 1-5 (the latest rating counts)."""
    if not 1 <= score <= 5:
        raise ValueError("a rating is 1 to 5")
    if ticket.status in OPEN_STATUSES:
        raise ConflictError(f"ticket {ticket.code} is still open")
    rating = TicketRating(
        ticket_id=ticket.id or 0,
        citizen_id=ticket.citizen_id,
        score=score,
        comment=comment,
        created_at=clock.now(),
    )
    session.add(rating)
    await tickets.record_event(session, ticket, kind="rated", actor="citizen", data={"score": score})
    await session.flush()
    return rating


async def _tell_unit(
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
    """Tell the people at the ticket's level (`state`, from `state_of`) of its unit's chain."""
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


def _require_open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATUSES:
        raise ConflictError(f"ticket {ticket.code} is not open")
