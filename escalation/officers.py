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

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.errors import ConflictError, NotFoundError
from core.messenger import Choice, OutgoingMessage
from core.privacy import mask_pii
from escalation import repository
from escalation.buttons import StaffAction, StaffPress, forward_choices
from escalation.context import EscalationContext, state_of
from escalation.directory import Recipients, chain_length, recipients
from escalation.models import Person, StaffNotification, UnitMembership
from escalation.notify import TELEGRAM, Notice, notify
from escalation.service import claim_ticket, officer_reply, reroute, resolve_ticket
from messaging import service as messaging
from messaging.models import OutboundMessage, OutboundStatus
from tickets import OPEN_STATUSES, Ticket
from tickets import service as tickets

UNDELIVERABLE = "undeliverable"
NOTIFICATION_FAILED = "staff_notification_failed"


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
    statement = select(Person).where(
        col(Person.telegram_user_id) == telegram_user_id, col(Person.active).is_(True)
    )
    person = (await session.execute(statement)).scalar_one_or_none()
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
    member = select(col(UnitMembership.id)).where(
        col(UnitMembership.person_id) == person.id, col(UnitMembership.unit_id).in_(lineage)
    )
    return person if (await session.execute(member.limit(1))).first() is not None else None


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
        await claim_ticket(session, ticket=ticket, person_id=person.id, context=context)
        text = texts.render("staff.claimed", code=ticket.code, name=person.name)
        await group.say(text)
        return StaffOutcome(True, text)
    if press.action == StaffAction.REPLY:
        return StaffOutcome(False, texts.render("staff.reply_hint", code=ticket.code), alert=True)
    if press.action == StaffAction.RESOLVE:
        await resolve_ticket(session, ticket=ticket, actor=actor, context=context)
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
        await reroute(session, ticket=ticket, actor=actor, context=context, to_unit=press.unit_id)
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
    unit, the text goes to the citizen (`officer_reply`, the SLA response) and the group is told; from
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
    await officer_reply(session, ticket=ticket, person_id=person.id, text=text, context=context)
    await group.say(texts.render("staff.replied", code=ticket.code, name=person.name), reply_to=message_id)
    return True


async def ticket_of_message(
    session: AsyncSession, *, chat_id: str, message_id: str, text: str | None, context: EscalationContext
) -> Ticket | None:
    """The ticket a bot message in a group is about: the outbox row sent as that message, else the
    ticket code written in it."""
    statement = select(col(OutboundMessage.ticket_id)).where(
        col(OutboundMessage.channel) == TELEGRAM,
        col(OutboundMessage.target) == chat_id,
        col(OutboundMessage.external_id) == message_id,
        col(OutboundMessage.ticket_id).is_not(None),
    )
    ticket_id = (await session.execute(statement.limit(1))).scalar_one_or_none()
    if ticket_id is not None:
        return await tickets.get_ticket(session, ticket_id=ticket_id)
    code = tickets.find_code(text or "", context.agency.ticket_prefix)
    if code is None:
        return None
    found = select(Ticket).where(col(Ticket.code) == code)
    return (await session.execute(found)).scalar_one_or_none()


async def notification_failed(
    session: AsyncSession, row: OutboundMessage, *, context: EscalationContext
) -> bool:
    """The outbox gave up on `row` (e.g. the bot was removed from the unit's group). When it carried a
    staff notification, the ticket records it and the notification goes to the next level of the
    chain (then to the triage unit), skipping every target that already failed for the ticket.
    False: `row` was not a staff notification."""
    statement = select(StaffNotification).where(col(StaffNotification.outbound_id) == row.id)
    failed = (await session.execute(statement)).scalar_one_or_none()
    if failed is None:
        return False
    ticket = await tickets.get_ticket(session, ticket_id=failed.ticket_id) if failed.ticket_id else None
    dead = await _failed_targets(session, failed.ticket_id) | {row.target}
    email = context.settings.email_enabled
    told: Recipients | None = None
    if failed.unit_id is not None:
        levels = await chain_length(session, failed.unit_id)
        for level in range((failed.level or 0) + 1, levels):
            told = _without(
                await recipients(session, unit_id=failed.unit_id, level=level, texts=context.texts),
                dead,
                email=email,
            )
            if told is not None:
                break
    if told is None:
        told = _without(await _triage(session, context), dead, email=email)
    if ticket is not None:
        await tickets.record_event(
            session,
            ticket,
            kind=NOTIFICATION_FAILED,
            actor="escalation",
            data={
                "notification_id": failed.id,
                "outbound_id": row.id,
                "channel": row.channel,
                "target": row.target,
                "level": failed.level,
                "error": row.last_error,
                "sent_to": told.label if told else None,
                "sent_to_level": told.level if told else None,
            },
        )
    if told is None:
        return True
    text = context.texts.render(
        "staff.undeliverable",
        target=row.target,
        error=row.last_error or "-",
        level=told.label,
        text=failed.text,
    )
    subject = context.texts.render(
        "staff.email_subject", subject=f"Pemberitahuan tiket {ticket.code if ticket else ''} tidak terkirim"
    )
    await notify(
        session,
        recipients=told,
        notice=Notice(reason=UNDELIVERABLE, text=text, subject=subject),
        ticket_id=failed.ticket_id,
        unit_id=failed.unit_id,
        calendar=context.sla.calendar,
        urgent=True,
        email=email,
    )
    return True


async def _failed_targets(session: AsyncSession, ticket_id: int | None) -> set[str]:
    if ticket_id is None:
        return set()
    statement = (
        select(col(OutboundMessage.target))
        .join(StaffNotification, col(StaffNotification.outbound_id) == col(OutboundMessage.id))
        .where(
            col(StaffNotification.ticket_id) == ticket_id,
            col(OutboundMessage.status) == str(OutboundStatus.FAILED),
        )
    )
    return {str(target) for target in (await session.execute(statement)).scalars()}


async def _triage(session: AsyncSession, context: EscalationContext) -> Recipients | None:
    units = await repository.all_units(session)
    triage = next((u for u in units.values() if u.is_triage), None)
    if triage is None:
        return None
    return await recipients(session, unit_id=triage.id, level=0, texts=context.texts)


def _without(told: Recipients | None, dead: set[str], *, email: bool) -> Recipients | None:
    """`told` without the targets that failed (and without mailboxes when email is off); None when
    nobody is left to tell."""
    if told is None:
        return None
    telegram = tuple(t for t in told.telegram if t not in dead)
    emails = tuple(e for e in told.emails if e not in dead) if email else ()
    if not telegram and not emails:
        return None
    return Recipients(told.level, told.top, told.kind, told.label, telegram, emails, told.people)


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
