"""Staff notifications: every one is a `staff_notifications` row; inside working time it goes to the
outbox at once, outside it (quiet hours) it is held until the next working period and released by
`release_held`, except what must go at once (breaches at the top of the chain)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.messenger import Choice, OutgoingMessage
from escalation import repository
from escalation.buttons import ticket_choices
from escalation.directory import Recipients
from escalation.email import EMAIL_CHANNEL, email_text
from escalation.models import NotificationStatus, StaffNotification
from messaging import service as messaging
from sla import BusinessCalendar

TELEGRAM = "telegram"


@dataclass(frozen=True)
class Notice:
    reason: str
    text: str
    subject: str | None = None
    """Also sent by email (to the recipients' addresses) when set and email is enabled."""


async def notify(
    session: AsyncSession,
    *,
    recipients: Recipients,
    notice: Notice,
    ticket_id: int | None,
    unit_id: str | None,
    calendar: BusinessCalendar,
    urgent: bool = False,
    email: bool = False,
) -> list[StaffNotification]:
    """Queue `notice` for everyone in `recipients`; held until the next working period unless it is
    working time or `urgent`."""
    now = clock.now()
    held = not urgent and not calendar.is_working_time(now)
    not_before = calendar.next_working_instant(now) if held else now
    targets = [(TELEGRAM, chat, notice.text) for chat in recipients.telegram]
    if email and notice.subject:
        targets += [
            (EMAIL_CHANNEL, address, email_text(notice.subject, notice.text)) for address in recipients.emails
        ]
    rows = []
    for channel, target, text in targets:
        row = StaffNotification(
            ticket_id=ticket_id,
            unit_id=unit_id,
            level=recipients.level,
            reason=notice.reason,
            channel=channel,
            target=target,
            text=text,
            status=NotificationStatus.HELD if held else NotificationStatus.QUEUED,
            not_before=not_before,
            created_at=now,
        )
        session.add(row)
        if not held:
            await _queue(session, row)
        rows.append(row)
    await session.flush()
    return rows


async def release_held(session: AsyncSession, *, limit: int = 500) -> int:
    """Hand the held notifications whose time has come to the outbox. Returns how many."""
    rows = await repository.due_held(session, now=clock.now(), limit=limit)
    for row in rows:
        await _queue(session, row)
    await session.flush()
    return len(rows)


async def _queue(session: AsyncSession, row: StaffNotification) -> None:
    outbound = await messaging.queue_reply(
        session,
        channel=row.channel,
        target=row.target,
        message=OutgoingMessage(text=row.text, choices=staff_buttons(row)),
        ticket_id=row.ticket_id,
    )
    row.status, row.released_at, row.outbound_id = NotificationStatus.QUEUED, clock.now(), outbound.id


def staff_buttons(row: StaffNotification) -> tuple[Choice, ...]:
    """Ambil / Balas / Selesai / Teruskan under a ticket's notification in a group (negative chat id);
    a person's own chat gets the text only."""
    if row.channel != TELEGRAM or row.ticket_id is None or not row.target.startswith("-"):
        return ()
    return ticket_choices(row.ticket_id)
