"""What an officer writes to a citizen, before the desk sends it: the text must fit one message of the
citizen's channel, what the agency's register rules flag in it is shown to the officer (who fixes it
or confirms it; the confirmation is recorded), and a form sent twice (a double click, a reload after
a timeout) sends the message once: each form carries a key the desk records with the message."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from core.text import clean_text
from escalation.context import EscalationContext
from escalation.register import Finding, check_framed
from tickets import Ticket, TicketEventKind
from tickets import service as tickets

MAX_CHARACTERS = 4000
"""An officer's text, before the greeting and signature are added: one Telegram message is 4,096
characters and one WhatsApp text 4,096, so the letter still goes as one message."""

FORM_KEY_FIELD = "form_key"
SENT_KINDS = frozenset({TicketEventKind.REPLIED, TicketEventKind.ASKED_CITIZEN})


class OfficerTextError(ValueError):
    """The text cannot be sent: `reason` is "empty" or "too_long"."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"an officer's message is {reason.replace('_', ' ')}")
        self.reason = reason


def checked_text(text: str) -> str:
    """The text as it will be sent (control characters out, stripped); `OfficerTextError` when empty or
    over `MAX_CHARACTERS`."""
    body = clean_text(text)
    if not body:
        raise OfficerTextError("empty")
    if len(body) > MAX_CHARACTERS:
        raise OfficerTextError("too_long")
    return body


def register_findings(text: str, *, context: EscalationContext) -> list[Finding]:
    """What the agency's register rules flag in `text` (its own published contacts are allowed; the
    letter's greeting and signature are the desk's)."""
    public = [contact.value for contact in context.agency.contacts]
    return check_framed(text, rules=context.register_rules, public=public)


def unconfirmed(findings: Sequence[Finding], confirmed: Sequence[str]) -> list[Finding]:
    """The findings the officer has not confirmed (by rule id)."""
    return [finding for finding in findings if finding.rule not in confirmed]


async def already_sent(session: AsyncSession, ticket: Ticket, form_key: str | None) -> bool:
    """A message of this form was sent on this ticket already (a ticket has few such events)."""
    if not form_key:
        return False
    for event in await tickets.history(session, ticket=ticket):
        if event.kind in SENT_KINDS and event.data.get(FORM_KEY_FIELD) == form_key:
            return True
    return False
