"""Staff notifications: every one is a `staff_notifications` row; inside working time it goes to the
outbox at once, outside it (quiet hours) it is held until the next working period and released by
`release_held`, except what must go at once (breaches at the top of the chain). A held notification
is re-checked when its time comes: one that no longer applies is dropped, with its reason."""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.messenger import Choice, OutgoingMessage
from core.privacy import mask_pii
from escalation import repository
from escalation.buttons import ticket_choices
from escalation.directory import Recipients
from escalation.email import EMAIL_CHANNEL, email_text
from escalation.models import NotificationStatus, StaffNotification
from messaging import service as messaging
from sla import BusinessCalendar, ClockStatus
from tickets import OPEN_STATUSES
from tickets import service as tickets

log = structlog.get_logger(__name__)
TELEGRAM = "telegram"
TICKET_NOTICES = frozenset(
    {"new_ticket", "rerouted", "reopened", "citizen_message", "sla_warning", "sla_breach"}
)
"""Notices asking a unit to act on an open ticket: dropped at release when the ticket is no longer open
or no longer with that unit. (Forwarding mail to an outside body is about a closed ticket by design.)"""
CLOCK_NOTICES = frozenset({"sla_warning", "sla_breach"})
"""Notices about one SLA clock: dropped at release when that clock no longer runs."""
NOTIFICATION_DROPPED = "notification_dropped"


@dataclass(frozen=True)
class Notice:
    reason: str
    text: str
    subject: str | None = None
    """Also sent by email (to the recipients' addresses) when set and email is enabled."""
    clock_id: int | None = None
    """The SLA clock a warning or breach is about: its release is re-checked against it."""


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
    working time or `urgent`. Its text is masked (`mask_pii`): unit groups and mailboxes are shared
    places, and officers see the full complaint where they work on the ticket."""
    now = clock.now()
    held = not urgent and not calendar.is_working_time(now)
    not_before = calendar.next_working_instant(now) if held else now
    text = mask_pii(notice.text)
    targets = [(TELEGRAM, chat, text) for chat in recipients.telegram]
    if email and notice.subject:
        mail = email_text(mask_pii(notice.subject), text)
        targets += [(EMAIL_CHANNEL, address, mail) for address in recipients.emails]
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
            clock_id=notice.clock_id,
        )
        session.add(row)
        if not held:
            await _queue(session, row)
        rows.append(row)
    await session.flush()
    return rows


async def release_held(session: AsyncSession, *, limit: int = 500) -> int:
    """Hand the held notifications whose time has come to the outbox, each re-checked first: one that
    no longer applies (`stale_reason`) is dropped instead, with its reason on the row and in the
    ticket's history. Returns how many went to the outbox."""
    rows = await repository.due_held(session, now=clock.now(), limit=limit)
    dropped: list[StaffNotification] = []
    for row in rows:
        reason = await stale_reason(session, row)
        if reason is None:
            await _queue(session, row)
            continue
        row.status, row.released_at, row.dropped_reason = NotificationStatus.DROPPED, clock.now(), reason
        dropped.append(row)
    await _record_dropped(session, dropped)
    await session.flush()
    return len(rows) - len(dropped)


async def stale_reason(session: AsyncSession, row: StaffNotification) -> str | None:
    """Why a held notification no longer applies, or None to send it: its ticket was resolved or
    closed, or moved to another unit, or the SLA clock its warning or breach is about was met, paused
    or stopped meanwhile."""
    if row.ticket_id is None or row.reason not in TICKET_NOTICES:
        return None
    ticket = await tickets.get_ticket(session, ticket_id=row.ticket_id)
    if ticket is not None and ticket.status not in OPEN_STATUSES:
        return f"ticket_{ticket.status}"
    unit = await repository.escalation_unit(session, row.ticket_id)
    if unit is not None and row.unit_id is not None and unit != row.unit_id:
        return "ticket_moved_to_another_unit"
    if row.clock_id is not None and row.reason in CLOCK_NOTICES:
        status = await repository.clock_status(session, row.clock_id)
        if status is not None and status != ClockStatus.RUNNING:
            return f"clock_{status}"
    return None


async def _record_dropped(session: AsyncSession, rows: list[StaffNotification]) -> None:
    """One `notification_dropped` ticket event per ticket, notice and reason (a notice has a row per
    recipient target; the event lists their ids, not the targets)."""
    groups: dict[tuple[int, str, int | None, str], list[StaffNotification]] = {}
    for row in rows:
        if row.ticket_id is not None and row.dropped_reason is not None:
            groups.setdefault((row.ticket_id, row.reason, row.level, row.dropped_reason), []).append(row)
    for (ticket_id, notice, level, reason), group in groups.items():
        log.info("escalation_notification_dropped", ticket_id=ticket_id, notice=notice, reason=reason)
        ticket = await tickets.get_ticket(session, ticket_id=ticket_id)
        if ticket is None:
            continue
        data = {
            "notice": notice,
            "level": level,
            "reason": reason,
            "notifications": [row.id for row in group],
            "held_since": group[0].created_at.isoformat(),
        }
        await tickets.record_event(session, ticket, kind=NOTIFICATION_DROPPED, actor="escalation", data=data)


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
