"""Notices to the citizen about their ticket, queued to their own channel through the outbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.messenger import Choice, OutgoingMessage
from escalation.context import EscalationContext
from messaging import service as messaging
from messaging.models import OutboundMessage
from tickets import Citizen, Ticket


async def tell_citizen(
    session: AsyncSession,
    context: EscalationContext,
    ticket: Ticket,
    key: str,
    *,
    choices: tuple[Choice, ...] = (),
    **values: Any,
) -> OutboundMessage | None:
    """Render `key` of the escalation catalogue and queue it to the ticket's citizen (None: no citizen)."""
    citizen = await session.get(Citizen, ticket.citizen_id)
    if citizen is None:
        return None
    text = context.texts.render(key, code=ticket.code, **values)
    return await messaging.queue_reply(
        session,
        channel=ticket.channel,
        target=citizen.external_id,
        message=OutgoingMessage(text=text, choices=choices),
        citizen_id=citizen.id,
        ticket_id=ticket.id,
    )


def rating_choices(context: EscalationContext, ticket: Ticket) -> tuple[Choice, ...]:
    """1-5 and "reopen"; the values are handled by the conversation engine (`rate:` / `reopen:`)."""
    texts = context.texts
    rates = tuple(
        Choice(value=f"rate:{ticket.code}:{score}", label=texts.render("choice.rate", score=score))
        for score in range(1, 6)
    )
    return (*rates, Choice(value=f"reopen:{ticket.code}", label=texts.render("choice.reopen")))
