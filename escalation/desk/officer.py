"""What an officer does on a ticket: claim it, assign it to a colleague, reply to the citizen, ask the
citizen for more information (the clocks pause until they answer), resolve it, mark it confidential or
anonymous.

Each takes plain data: the acting person's id (`person_id`, the actor `officer:<id>` in the ticket's
history), the ticket's id or code, text, and where the call comes from (`origin`: the signed-in
account and its address; None from a chat channel). The person must be allowed to act on the ticket
(`desk.access`): `PermissionDeniedError` otherwise, `NotFoundError` for an unknown ticket,
`ConflictError` for a closed one; nothing changes then. Each use case done writes one entry of the
staff audit log (`escalation.staff.audit`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import NotFoundError
from escalation import repository
from escalation.citizen import rating_choices, tell_citizen
from escalation.context import EscalationContext, state_of
from escalation.desk.access import Acting, TicketRef, acting_on, may_act
from escalation.desk.writing import FORM_KEY_FIELD, already_sent, checked_text
from escalation.staff.audit import AuditAction, Origin
from escalation.staff.desk_audit import check_origin, record_desk_action
from sla import service as sla
from tickets import Ticket, TicketEventKind, TicketStatus
from tickets import service as tickets
from tickets import status as ticket_status
from tickets.status import change_status


async def claim(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    context: EscalationContext,
    origin: Origin | None = None,
) -> Acting:
    """An officer takes the ticket ("Ambil"): they are its assignee, the ticket is in progress, and the
    history says who (event `assigned`). Claiming a ticket someone else holds takes it over."""
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket)
    await _assign(session, acting.ticket, person_id=person_id, actor=acting.actor, data={})
    await _audit(session, origin, AuditAction.CLAIM, acting)
    return acting


async def assign(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    assignee_id: str,
    context: EscalationContext,
    origin: Origin | None = None,
) -> Acting:
    """`person_id` gives the ticket to a colleague (`assignee_id`, an active person who may act on it
    too): like a claim, with who gave it in the history (`by`)."""
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket)
    state = await state_of(session, acting.ticket)
    if await may_act(session, person_id=assignee_id, unit_id=state.unit_id) is None:
        raise NotFoundError(f"no colleague {assignee_id!r} for ticket {acting.ticket.code}")
    data = {"by": acting.actor}
    await _assign(session, acting.ticket, person_id=assignee_id, actor=acting.actor, data=data)
    await _audit(session, origin, AuditAction.ASSIGN, acting, {"assignee": assignee_id})
    return acting


async def _assign(
    session: AsyncSession, ticket: Ticket, *, person_id: str, actor: str, data: dict[str, str]
) -> None:
    state = await state_of(session, ticket)
    previous = state.assignee_id
    state.assignee_id, state.updated_at = person_id, clock.now()
    await tickets.record_event(
        session,
        ticket,
        kind=TicketEventKind.ASSIGNED,
        actor=actor,
        data={
            "person": person_id,
            "previous": previous,
            "unit": state.unit_id,
            "level": state.level,
            **data,
        },
    )
    if ticket.status == TicketStatus.OPEN:
        await change_status(session, ticket=ticket, status=TicketStatus.IN_PROGRESS, actor=actor)
    await session.flush()


async def reply(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    text: str,
    context: EscalationContext,
    origin: Origin | None = None,
    form_key: str | None = None,
    register_confirmed: Sequence[str] = (),
) -> Acting:
    """An officer writes to the citizen: wrapped in the agency's greeting and signature, queued to the
    citizen's channel, recorded, and counted as the response for the SLA. Empty or too long text:
    `OfficerTextError`. A `form_key` already sent on this ticket sends nothing again.
    `register_confirmed`: the register rules whose findings the officer saw and confirmed."""
    body = checked_text(text)
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket)
    found, actor = acting.ticket, acting.actor
    if await already_sent(session, found, form_key):
        return acting
    unit = await unit_name(session, found, context)
    message = await tell_citizen(session, context, found, "citizen.reply", unit=unit, text=body)
    data = _sent(body, message.id if message else None, form_key, register_confirmed)
    await tickets.record_event(session, found, kind=TicketEventKind.REPLIED, actor=actor, data=data)
    if found.status == TicketStatus.OPEN:
        await change_status(session, ticket=found, status=TicketStatus.IN_PROGRESS, actor=actor)
    await sla.record_response(session, ticket=found, actor=actor)
    detail = {"characters": len(body), "register_confirmed": list(register_confirmed)}
    await _audit(session, origin, AuditAction.REPLY, acting, detail)
    return acting


def _sent(
    body: str, outbound_id: int | None, form_key: str | None, confirmed: Sequence[str]
) -> dict[str, Any]:
    """The facts of a message to the citizen, for the ticket's history."""
    data: dict[str, Any] = {"text": body, "outbound_id": outbound_id, "counts_as_response": True}
    if form_key:
        data[FORM_KEY_FIELD] = form_key
    if confirmed:
        data["register_confirmed"] = list(confirmed)
    return data


async def resolve(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    context: EscalationContext,
    note: str | None = None,
    origin: Origin | None = None,
) -> Acting:
    """Resolve: clocks met, and the citizen is asked to rate (1-5) and told they may reopen within
    `reopen_days`."""
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket)
    found = acting.ticket
    await sla.resolve(session, ticket=found, actor=acting.actor)
    until = clock.now() + timedelta(days=context.settings.reopen_days)
    await tell_citizen(
        session,
        context,
        found,
        "citizen.resolved",
        choices=rating_choices(context, found),
        unit=await unit_name(session, found, context),
        note=note,
        reopen_until=context.moment(until),
    )
    await _audit(session, origin, AuditAction.RESOLVE, acting, {"note": note is not None})
    return acting


async def ask_citizen(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    question: str,
    context: EscalationContext,
    origin: Origin | None = None,
    form_key: str | None = None,
    register_confirmed: Sequence[str] = (),
) -> Acting:
    """The officer asks the citizen for more information: the question goes to the citizen (it is a
    response for the SLA), and the ticket waits for them with its clocks paused until they answer
    (`citizen_answered`, which resumes them and starts the next-response clock). The text, the form
    key and the confirmations are as for `reply`."""
    text = checked_text(question)
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket)
    found, actor = acting.ticket, acting.actor
    if await already_sent(session, found, form_key):
        return acting
    unit = await unit_name(session, found, context)
    message = await tell_citizen(session, context, found, "citizen.question", unit=unit, text=text)
    data = _sent(text, message.id if message else None, form_key, register_confirmed)
    await tickets.record_event(session, found, kind=TicketEventKind.ASKED_CITIZEN, actor=actor, data=data)
    await sla.record_response(session, ticket=found, actor=actor)
    await sla.wait_for_citizen(session, ticket=found, actor=actor)
    detail = {"characters": len(text), "register_confirmed": list(register_confirmed)}
    await _audit(session, origin, AuditAction.ASK_CITIZEN, acting, detail)
    return acting


async def mark_flags(
    session: AsyncSession,
    *,
    ticket: TicketRef,
    person_id: str,
    confidential: bool | None = None,
    anonymous: bool | None = None,
    origin: Origin | None = None,
) -> bool:
    """Mark the ticket confidential and/or anonymous (None: unchanged), open or closed. True if
    anything changed."""
    check_origin(origin, person_id)
    acting = await acting_on(session, person_id=person_id, ticket=ticket, must_be_open=False)
    event = await ticket_status.mark_flags(
        session, ticket=acting.ticket, actor=acting.actor, confidential=confidential, anonymous=anonymous
    )
    if event is not None:
        flags = {"confidential": confidential, "anonymous": anonymous}
        await _audit(session, origin, AuditAction.FLAGS, acting, flags)
    return event is not None


async def unit_name(session: AsyncSession, ticket: Ticket, context: EscalationContext) -> str:
    """The name of the ticket's unit, as the citizen reads it (the agency's, without a unit)."""
    units = await repository.all_units(session)
    unit = units.get(ticket.unit_id or "")
    return unit.name if unit else context.agency.name


async def _audit(
    session: AsyncSession,
    origin: Origin | None,
    action: AuditAction,
    acting: Acting,
    detail: Mapping[str, Any] | None = None,
) -> None:
    await record_desk_action(
        session, origin, action, person_id=acting.person.id, ticket=acting.ticket, detail=detail
    )
