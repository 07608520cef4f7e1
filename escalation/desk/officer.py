"""What an officer does on a ticket: claim it, assign it to a colleague, reply to the citizen, ask the
citizen for more information (the clocks pause until they answer), resolve it, mark it confidential or
anonymous. `person_id` is the officer acting (the actor `officer:<id>` in the ticket's history)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import NotFoundError
from escalation import repository
from escalation.citizen import rating_choices, tell_citizen
from escalation.context import EscalationContext, state_of
from escalation.service import require_open
from sla import service as sla
from tickets import Ticket, TicketEventKind, TicketStatus
from tickets import service as tickets
from tickets import status as ticket_status
from tickets.status import change_status


async def claim(session: AsyncSession, *, ticket: Ticket, person_id: str, context: EscalationContext) -> None:
    """An officer takes the ticket ("Ambil"): they are its assignee, the ticket is in progress, and the
    history says who (event `assigned`). Claiming a ticket someone else holds takes it over."""
    await _assign(session, ticket, person_id=person_id, actor=f"officer:{person_id}", data={})


async def assign(
    session: AsyncSession, *, ticket: Ticket, person_id: str, actor: str, context: EscalationContext
) -> None:
    """`actor` gives the ticket to a colleague (`person_id`, an active person): like a claim, with who
    gave it in the history (`by`)."""
    people = await repository.all_people(session)
    person = people.get(person_id)
    if person is None or not person.active:
        raise NotFoundError(f"unknown person {person_id!r}")
    await _assign(session, ticket, person_id=person_id, actor=actor, data={"by": actor})


async def _assign(
    session: AsyncSession, ticket: Ticket, *, person_id: str, actor: str, data: dict[str, str]
) -> None:
    require_open(ticket)
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
    session: AsyncSession, *, ticket: Ticket, person_id: str, text: str, context: EscalationContext
) -> None:
    """An officer writes to the citizen: wrapped in the agency's greeting and signature, queued to the
    citizen's channel, recorded, and counted as the response for the SLA."""
    require_open(ticket)
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
        await change_status(session, ticket=ticket, status=TicketStatus.IN_PROGRESS, actor=actor)
    await sla.record_response(session, ticket=ticket, actor=actor)


async def resolve(
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


async def ask_citizen(
    session: AsyncSession, *, ticket: Ticket, person_id: str, question: str, context: EscalationContext
) -> None:
    """The officer asks the citizen for more information: the question goes to the citizen (it is a
    response for the SLA), and the ticket waits for them with its clocks paused until they answer
    (`citizen_answered`, which resumes them and starts the next-response clock)."""
    require_open(ticket)
    text = question.strip()
    if not text:
        raise ValueError("a question needs text")
    actor = f"officer:{person_id}"
    unit = await _unit_name(session, ticket, context)
    message = await tell_citizen(session, context, ticket, "citizen.question", unit=unit, text=text)
    await tickets.record_event(
        session,
        ticket,
        kind=TicketEventKind.ASKED_CITIZEN,
        actor=actor,
        data={"text": text, "outbound_id": message.id if message else None, "counts_as_response": True},
    )
    await sla.record_response(session, ticket=ticket, actor=actor)
    await sla.wait_for_citizen(session, ticket=ticket, actor=actor)


async def mark_flags(
    session: AsyncSession,
    *,
    ticket: Ticket,
    actor: str,
    confidential: bool | None = None,
    anonymous: bool | None = None,
) -> bool:
    """Mark the ticket confidential and/or anonymous (None: unchanged). True if anything changed."""
    event = await ticket_status.mark_flags(
        session, ticket=ticket, actor=actor, confidential=confidential, anonymous=anonymous
    )
    return event is not None


async def _unit_name(session: AsyncSession, ticket: Ticket, context: EscalationContext) -> str:
    units = await repository.all_units(session)
    unit = units.get(ticket.unit_id or "")
    return unit.name if unit else context.agency.name
