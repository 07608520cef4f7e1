"""Forwarding a ticket: to another unit of the agency, or outside it ("bukan wewenang")."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import ConflictError, NotFoundError
from escalation import repository
from escalation.citizen import tell_citizen
from escalation.context import EscalationContext, state_of
from escalation.desk.access import Acting, TicketRef, acting_on, find_ticket
from escalation.directory import Recipients
from escalation.notify import Notice, notify
from escalation.service import OutsideAgency, tell_unit
from escalation.staff.audit import AuditAction, Origin
from escalation.staff.desk_audit import check_origin, record_desk_action
from escalation.texts import reason
from sla import service as sla
from tickets import TicketStatus
from tickets import service as tickets
from tickets.status import change_status


async def forward_targets(session: AsyncSession, *, ticket: TicketRef) -> list[tuple[str, str]]:
    """The units a ticket can be forwarded to, as (id, name) sorted by name: the active units other
    than triage and the ticket's own (back to triage is `forward_to_unit` without a unit)."""
    found = await find_ticket(session, ticket)
    state = await state_of(session, found)
    units = (await repository.all_units(session)).values()
    others = ((u.id, u.name) for u in units if u.active and not u.is_triage and u.id != state.unit_id)
    return sorted(others, key=lambda pair: pair[1])


async def forward_to_unit(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    context: EscalationContext,
    to_unit: str | None = None,
    note: str | None = None,
    origin: Origin | None = None,
) -> Acting:
    """ "Bukan wewenang": send the ticket to `to_unit`, or back to triage when None. Its escalation starts
    again at level 0 of the new unit; the citizen is told where it went. Clocks keep running.
    `NotFoundError`: no such active unit; `ConflictError`: the ticket is already there."""
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket)
    previous = acting.ticket.unit_id
    await _move(session, acting, context=context, to_unit=to_unit, note=note)
    detail = {"from": previous, "to": acting.ticket.unit_id}
    await record_desk_action(
        session, origin, AuditAction.FORWARD, person_id=person_id, ticket=acting.ticket, detail=detail
    )
    return acting


async def _move(
    session: AsyncSession,
    acting: Acting,
    *,
    context: EscalationContext,
    to_unit: str | None,
    note: str | None,
) -> None:
    ticket, actor = acting.ticket, acting.actor
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
    await tell_unit(session, ticket, state, context, reason="rerouted", actor=actor, note=note)
    await tell_citizen(session, context, ticket, "citizen.forwarded", unit=units[target].name)


async def forward_outside(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    agency: OutsideAgency,
    context: EscalationContext,
    note: str | None = None,
    origin: Origin | None = None,
) -> Acting:
    """ "Bukan wewenang" of the whole agency: the citizen is told which body handles it and how to reach
    it, the ticket is closed as forwarded (clocks stop), and the body is mailed if it has an address."""
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket)
    await _close_as_forwarded(session, acting, agency=agency, context=context, note=note)
    detail = {"to": agency.name}
    await record_desk_action(
        session, origin, AuditAction.FORWARD_OUTSIDE, person_id=person_id, ticket=acting.ticket, detail=detail
    )
    return acting


async def _close_as_forwarded(
    session: AsyncSession,
    acting: Acting,
    *,
    agency: OutsideAgency,
    context: EscalationContext,
    note: str | None,
) -> None:
    ticket, actor = acting.ticket, acting.actor
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
    await change_status(session, ticket=ticket, status=TicketStatus.CLOSED, actor=actor, data=data)
    await sla.stop_clocks(session, ticket=ticket, actor=actor, reason="forwarded_outside")
    await tickets.record_event(session, ticket, kind="forwarded_outside", actor=actor, data=data)
    if agency.email and context.settings.email_enabled:
        texts = context.texts
        body = texts.render("staff.forwarded_outside", code=ticket.code, description=ticket.description)
        forwarded = reason("staff.subject_forwarded", code=ticket.code)
        subject = context.texts.render("staff.email_subject", subject=forwarded)
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
