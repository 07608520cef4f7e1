"""Officers' Telegram updates as desk calls: a staff button or a reply to the bot's message about a
ticket becomes the desk's use case, acted as the person registered with the sender's Telegram user id.
What the group is told goes through the outbox (masked); who may act, and what each action does, is
the desk's (`escalation.desk`). Functions take the handling transaction's session and never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import ConflictError, NotFoundError, PermissionDeniedError
from core.messenger import Choice, OutgoingMessage
from core.privacy import mask_pii
from escalation import EscalationContext, StaffAction, StaffPress, desk, forward_choices, identities
from escalation.staff.audit import Origin
from messaging import service as messaging
from tickets import OPEN_STATUSES, Ticket
from tickets import service as tickets

TELEGRAM = "telegram"
FROM_TELEGRAM = Origin(channel=TELEGRAM)
"""For the staff audit log: the person is the one the sender's Telegram user id is registered to."""


@dataclass(frozen=True)
class StaffOutcome:
    """What the officer is shown for a button press (the callback answer)."""

    done: bool
    """Something was changed or queued; False: refused, or nothing to do."""
    answer: str = ""
    alert: bool = False
    """Shown as a dialog rather than a passing toast."""


@dataclass(frozen=True)
class GroupUpdate:
    """Where a staff update came from: the group, and the stored inbound row it is handled with."""

    chat_id: str
    telegram_user_id: int
    inbound_id: int | None = None


async def press_button(
    session: AsyncSession,
    *,
    press: StaffPress,
    update: GroupUpdate,
    message_id: str | None,
    context: EscalationContext,
) -> StaffOutcome:
    """A staff button pressed under the bot's message `message_id`."""
    texts = context.texts
    try:
        ticket = await desk.find_ticket(session, press.ticket_id)
    except NotFoundError:
        return StaffOutcome(False, texts.render("staff.unknown_ticket"), alert=True)
    person_id = await _acting_person(session, update, ticket)
    if person_id is None:
        return StaffOutcome(False, texts.render("staff.refused"), alert=True)
    if ticket.status not in OPEN_STATUSES:
        return StaffOutcome(False, texts.render("staff.not_open", code=ticket.code), alert=True)
    group = _Group(session, update, ticket)
    if press.action == StaffAction.REPLY:
        return StaffOutcome(False, texts.render("staff.reply_hint", code=ticket.code), alert=True)
    if press.action == StaffAction.FORWARD:
        await _offer_units(session, group, ticket, message_id=message_id, context=context)
        return StaffOutcome(True)
    if press.action == StaffAction.TO:
        return await _forward(session, group, press, person_id=person_id, context=context)
    if press.action == StaffAction.CLAIM:
        acting = await desk.claim(
            session, ticket=_ref(ticket), person_id=person_id, context=context, origin=FROM_TELEGRAM
        )
        text = texts.render("staff.claimed", code=ticket.code, name=acting.person.name)
    else:
        acting = await desk.resolve(
            session, ticket=_ref(ticket), person_id=person_id, context=context, origin=FROM_TELEGRAM
        )
        text = texts.render("staff.resolved", code=ticket.code, name=acting.person.name)
    await group.say(text)
    return StaffOutcome(True, text)


async def _offer_units(
    session: AsyncSession,
    group: _Group,
    ticket: Ticket,
    *,
    message_id: str | None,
    context: EscalationContext,
) -> None:
    others = await desk.forward_targets(session, ticket=_ref(ticket))
    unit = await desk.unit_name(session, ticket, context)
    prompt = context.texts.render("staff.forward_prompt", code=ticket.code, unit=unit)
    await group.say(prompt, choices=forward_choices(ticket.id or 0, others), reply_to=message_id)


async def _forward(
    session: AsyncSession, group: _Group, press: StaffPress, *, person_id: str, context: EscalationContext
) -> StaffOutcome:
    texts, code = context.texts, group.ticket.code
    try:
        acting = await desk.forward_to_unit(
            session,
            ticket=_ref(group.ticket),
            person_id=person_id,
            context=context,
            to_unit=press.unit_id,
            origin=FROM_TELEGRAM,
        )
    except (ConflictError, NotFoundError):
        return StaffOutcome(False, texts.render("staff.not_forwarded", code=code), alert=True)
    unit = await desk.unit_name(session, acting.ticket, context)
    text = texts.render("staff.forwarded", code=code, unit=unit, name=acting.person.name)
    await group.say(text)
    return StaffOutcome(True, text)


async def reply_from_group(
    session: AsyncSession,
    *,
    update: GroupUpdate,
    message_id: str,
    replied_message_id: str,
    replied_text: str | None,
    text: str,
    context: EscalationContext,
) -> bool:
    """A group message replying to the bot's message about a ticket: from someone who may act on the
    ticket, the text goes to the citizen (`desk.reply`) and the group is told; from anyone else, a
    polite refusal in the group. False: the chat is not a unit's group, or the replied message is not
    about a ticket (nothing is written)."""
    if await identities.unit_of_telegram_chat(session, update.chat_id) is None:
        return False
    ticket = await ticket_of_message(
        session, chat_id=update.chat_id, message_id=replied_message_id, text=replied_text, context=context
    )
    if ticket is None:
        return False
    texts, group = context.texts, _Group(session, update, ticket)
    person_id = await _acting_person(session, update, ticket)
    if person_id is None:
        await group.say(texts.render("staff.refused"), reply_to=message_id)
    elif ticket.status not in OPEN_STATUSES or not text.strip():
        await group.say(texts.render("staff.not_open", code=ticket.code), reply_to=message_id)
    else:
        acting = await desk.reply(
            session,
            ticket=_ref(ticket),
            person_id=person_id,
            text=text,
            context=context,
            origin=FROM_TELEGRAM,
        )
        replied = texts.render("staff.replied", code=ticket.code, name=acting.person.name)
        await group.say(replied, reply_to=message_id)
    return True


async def _acting_person(session: AsyncSession, update: GroupUpdate, ticket: Ticket) -> str | None:
    """The id of the person registered with the sender's Telegram account, if they may act on the
    ticket (open or not), else None."""
    person = await identities.person_by_telegram(session, update.telegram_user_id)
    if person is None:
        return None
    try:
        await desk.acting_on(session, person_id=person.id, ticket=_ref(ticket), must_be_open=False)
    except PermissionDeniedError:
        return None
    return person.id


def _ref(ticket: Ticket) -> desk.TicketRef:
    return ticket.id if ticket.id is not None else ticket.code


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
    update: GroupUpdate
    ticket: Ticket

    async def say(self, text: str, *, choices: tuple[Choice, ...] = (), reply_to: str | None = None) -> None:
        await messaging.queue_reply(
            self.session,
            channel=TELEGRAM,
            target=self.update.chat_id,
            message=OutgoingMessage(text=mask_pii(text), choices=choices, reply_to=reply_to),
            ticket_id=self.ticket.id,
            inbound_id=self.update.inbound_id,
        )
