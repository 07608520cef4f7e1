"""Officers acting on a ticket from its unit's Telegram group: the buttons under a notification (Ambil,
Balas, Selesai, Teruskan), replies to the bot's notification that go to the citizen, and notifications
the bot could not deliver, which go to the next level of the chain.

Only people registered (with their Telegram user id) as officers or head of the ticket's unit, or of a
unit above it, and the agency's supervisor may act; anyone else is refused politely and nothing changes.
Every action is a ticket event whose actor is `officer:<person id>`. Functions take the session first;
they flush, never commit, and send nothing themselves: what the group or the citizen is told goes
through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import ConflictError, NotFoundError
from core.messenger import Choice, OutgoingMessage
from core.privacy import mask_pii
from escalation import desk, repository
from escalation.buttons import StaffAction, StaffPress, forward_choices
from escalation.context import EscalationContext, state_of
from escalation.models import Person
from escalation.notify import TELEGRAM
from messaging import service as messaging
from tickets import OPEN_STATUSES, Ticket
from tickets import service as tickets


@dataclass(frozen=True)
class StaffOutcome:
    """What the officer is shown for a button press (the callback answer)."""

    done: bool
    """Something was changed or queued; False: refused, or nothing to do."""
    answer: str = ""
    alert: bool = False
    """Shown as a dialog rather than a passing toast."""


async def acting_person(session: AsyncSession, *, telegram_user_id: int, unit_id: str) -> Person | None:
    """The active person with this Telegram user id who may act on `unit_id`'s tickets: an officer or
    the head of it or of a unit above it, or the supervisor. None: not one of them."""
    person = await repository.person_by_telegram(session, telegram_user_id)
    if person is None:
        return None
    if person.is_supervisor:
        return person
    units = await repository.all_units(session)
    lineage: list[str] = []
    current: str | None = unit_id
    while current is not None and current not in lineage and current in units:
        lineage.append(current)
        current = units[current].parent_id
    return person if await repository.is_member_of_any(session, person.id, lineage) else None


async def press_button(
    session: AsyncSession,
    *,
    press: StaffPress,
    telegram_user_id: int,
    chat_id: str,
    message_id: str | None,
    context: EscalationContext,
    inbound_id: int | None = None,
) -> StaffOutcome:
    """A staff button pressed in a group (`chat_id`) under the bot's message `message_id`."""
    texts = context.texts
    ticket = await tickets.get_ticket(session, ticket_id=press.ticket_id)
    if ticket is None:
        return StaffOutcome(False, texts.render("staff.unknown_ticket"), alert=True)
    state = await state_of(session, ticket)
    person = await acting_person(session, telegram_user_id=telegram_user_id, unit_id=state.unit_id)
    if person is None:
        return StaffOutcome(False, texts.render("staff.refused"), alert=True)
    if ticket.status not in OPEN_STATUSES:
        return StaffOutcome(False, texts.render("staff.not_open", code=ticket.code), alert=True)
    actor = f"officer:{person.id}"
    group = _Group(session, chat_id=chat_id, ticket=ticket, inbound_id=inbound_id)
    if press.action == StaffAction.CLAIM:
        await desk.claim(session, ticket=ticket, person_id=person.id, context=context)
        text = texts.render("staff.claimed", code=ticket.code, name=person.name)
        await group.say(text)
        return StaffOutcome(True, text)
    if press.action == StaffAction.REPLY:
        return StaffOutcome(False, texts.render("staff.reply_hint", code=ticket.code), alert=True)
    if press.action == StaffAction.RESOLVE:
        await desk.resolve(session, ticket=ticket, actor=actor, context=context)
        text = texts.render("staff.resolved", code=ticket.code, name=person.name)
        await group.say(text)
        return StaffOutcome(True, text)
    units = await repository.all_units(session)
    if press.action == StaffAction.FORWARD:
        others = sorted(
            (
                (u.id, u.name)
                for u in units.values()
                if u.active and not u.is_triage and u.id != state.unit_id
            ),
            key=lambda pair: pair[1],
        )
        unit_name = units[state.unit_id].name if state.unit_id in units else state.unit_id
        prompt = texts.render("staff.forward_prompt", code=ticket.code, unit=unit_name)
        await group.say(prompt, choices=forward_choices(ticket.id or 0, others), reply_to=message_id)
        return StaffOutcome(True)
    try:
        await desk.forward_to_unit(
            session, ticket=ticket, actor=actor, context=context, to_unit=press.unit_id
        )
    except (ConflictError, NotFoundError):
        return StaffOutcome(False, texts.render("staff.not_forwarded", code=ticket.code), alert=True)
    target = units.get(ticket.unit_id or "")
    text = texts.render(
        "staff.forwarded", code=ticket.code, unit=target.name if target else ticket.unit_id, name=person.name
    )
    await group.say(text)
    return StaffOutcome(True, text)


async def reply_from_group(
    session: AsyncSession,
    *,
    chat_id: str,
    telegram_user_id: int,
    message_id: str,
    replied_message_id: str,
    replied_text: str | None,
    text: str,
    context: EscalationContext,
    inbound_id: int | None = None,
) -> bool:
    """A group message replying to the bot's message about a ticket: from an officer of the ticket's
    unit, the text goes to the citizen (`desk.reply`, the SLA response) and the group is told; from
    anyone else, a polite refusal in the group. False: the chat is not a unit's group, or the replied
    message is not about a ticket (nothing is written)."""
    units = await repository.all_units(session)
    if not any(unit.telegram_chat_id == chat_id for unit in units.values()):
        return False
    ticket = await ticket_of_message(
        session, chat_id=chat_id, message_id=replied_message_id, text=replied_text, context=context
    )
    if ticket is None:
        return False
    texts = context.texts
    group = _Group(session, chat_id=chat_id, ticket=ticket, inbound_id=inbound_id)
    state = await state_of(session, ticket)
    person = await acting_person(session, telegram_user_id=telegram_user_id, unit_id=state.unit_id)
    if person is None:
        await group.say(texts.render("staff.refused"), reply_to=message_id)
        return True
    if ticket.status not in OPEN_STATUSES or not text.strip():
        await group.say(texts.render("staff.not_open", code=ticket.code), reply_to=message_id)
        return True
    await desk.reply(session, ticket=ticket, person_id=person.id, text=text, context=context)
    await group.say(texts.render("staff.replied", code=ticket.code, name=person.name), reply_to=message_id)
    return True


async def ticket_of_message(
    session: AsyncSession, *, chat_id: str, message_id: str, text: str | None, context: EscalationContext
) -> Ticket | None:
    """The ticket a bot message in a group is about: the outbox row sent as that message, else the
    ticket code written in it."""
    ticket_id = await messaging.ticket_of_sent(
        session, channel=TELEGRAM, target=chat_id, external_id=message_id
    )
    if ticket_id is not None:
        return await tickets.get_ticket(session, ticket_id=ticket_id)
    code = tickets.find_code(text or "", context.agency.ticket_prefix)
    if code is None:
        return None
    return await tickets.ticket_by_code(session, code=code)


@dataclass(frozen=True)
class _Group:
    session: AsyncSession
    chat_id: str
    ticket: Ticket
    inbound_id: int | None

    async def say(self, text: str, *, choices: tuple[Choice, ...] = (), reply_to: str | None = None) -> None:
        await messaging.queue_reply(
            self.session,
            channel=TELEGRAM,
            target=self.chat_id,
            message=OutgoingMessage(text=mask_pii(text), choices=choices, reply_to=reply_to),
            ticket_id=self.ticket.id,
            inbound_id=self.inbound_id,
        )
