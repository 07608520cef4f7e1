"""Ticket lifecycle. Functions take the session first and keyword-only arguments after;
they flush but never commit (the request/update boundary does)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import NotFoundError
from tickets import repository
from tickets.models import (
    Citizen,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketEventKind,
    TicketKind,
    TicketPriority,
    TicketStatus,
    fitted_file_name,
)


@dataclass(frozen=True)
class NewTicket:
    channel: str
    kind: TicketKind
    description: str
    category: str | None = None
    unit_id: str | None = None
    priority: TicketPriority = TicketPriority.NORMAL
    location: str | None = None
    confidential: bool = False
    anonymous: bool = False
    source_post_id: str | None = None


@dataclass(frozen=True)
class NewAttachment:
    kind: str
    storage_path: str
    content_type: str
    size_bytes: int
    sha256: str
    original_name: str | None = None


async def get_or_create_citizen(
    session: AsyncSession, *, channel: str, external_id: str, display_name: str | None = None
) -> Citizen:
    """The citizen who just wrote, with `last_message_at` (and a new `display_name`) noted.

    Race-safe: two processes seeing the same new citizen end up with one row."""
    citizen = await _touch_citizen(
        session, channel=channel, external_id=external_id, display_name=display_name
    )
    if citizen is None:
        values = {
            "channel": channel,
            "external_id": external_id,
            "display_name": display_name,
            "created_at": clock.now(),
        }
        await repository.insert_citizen_if_absent(session, values)
        citizen = await _touch_citizen(
            session, channel=channel, external_id=external_id, display_name=display_name
        )
    if citizen is None:
        raise NotFoundError("citizen could not be created")
    return citizen


async def _touch_citizen(
    session: AsyncSession, *, channel: str, external_id: str, display_name: str | None
) -> Citizen | None:
    return await repository.touch_citizen(
        session, channel=channel, external_id=external_id, display_name=display_name, at=clock.now()
    )


async def open_ticket(
    session: AsyncSession, *, citizen: Citizen, ticket: NewTicket, code_prefix: str, actor: str
) -> Ticket:
    now = clock.now()
    number = await repository.next_sequence_number(session, now.year)
    row = Ticket(
        code=format_code(code_prefix, now.year, number),
        citizen_id=_id(citizen.id),
        created_at=now,
        updated_at=now,
        **ticket.__dict__,
    )
    await repository.add(session, row)
    await record_event(
        session,
        row,
        kind=TicketEventKind.OPENED,
        actor=actor,
        data={
            "channel": ticket.channel,
            "kind": ticket.kind,
            "category": ticket.category,
            "unit": ticket.unit_id,
        },
    )
    return row


async def attach(
    session: AsyncSession, *, ticket: Ticket, attachment: NewAttachment, actor: str
) -> TicketAttachment:
    values = {**attachment.__dict__, "original_name": fitted_file_name(attachment.original_name)}
    row = TicketAttachment(ticket_id=_id(ticket.id), created_at=clock.now(), **values)
    await repository.add(session, row)
    await record_event(
        session,
        ticket,
        kind=TicketEventKind.ATTACHMENT_ADDED,
        actor=actor,
        data={"attachment_id": row.id, "kind": attachment.kind, "size_bytes": attachment.size_bytes},
    )
    return row


async def record_event(
    session: AsyncSession,
    ticket: Ticket,
    *,
    kind: TicketEventKind | str,
    actor: str,
    data: dict[str, Any] | None = None,
    flush: bool = True,
) -> TicketEvent:
    """Append an event to the ticket's history. `flush=False` leaves the write to the caller's next
    flush, so several events recorded together are written together (the event has no id until then)."""
    event = TicketEvent(
        ticket_id=_id(ticket.id), kind=str(kind), actor=actor, data=data or {}, created_at=clock.now()
    )
    ticket.updated_at = event.created_at
    await repository.add(session, event, flush=flush)
    return event


@dataclass(frozen=True)
class NewEvent:
    ticket_id: int
    kind: str
    actor: str
    data: dict[str, Any]


async def record_events(session: AsyncSession, *, events: Sequence[NewEvent], at: datetime) -> None:
    """Append many events at once (one INSERT for all, one UPDATE of the tickets' `updated_at`).

    For batch writers such as the SLA sweep; tickets already loaded in the session are not refreshed.
    """
    if not events:
        return
    rows = [
        {"ticket_id": e.ticket_id, "kind": e.kind, "actor": e.actor, "data": e.data, "created_at": at}
        for e in events
    ]
    await repository.insert_events(session, rows)
    await repository.touch_tickets(session, sorted({e.ticket_id for e in events}), at=at)


def mark_responded(ticket: Ticket, *, at: datetime) -> None:
    """Note the first response to the citizen (the bot's acknowledgement is not one)."""
    if ticket.first_responded_at is None:
        ticket.first_responded_at = at


async def list_citizen_tickets_in(
    session: AsyncSession, *, citizen: Citizen, statuses: Sequence[TicketStatus]
) -> Sequence[Ticket]:
    """The citizen's tickets in any of `statuses`, newest first."""
    return await repository.list_tickets_of_citizen_in(session, _id(citizen.id), statuses)


async def get_ticket(session: AsyncSession, *, ticket_id: int) -> Ticket | None:
    return await repository.get_ticket(session, ticket_id)


async def find_citizen(session: AsyncSession, *, channel: str, external_id: str) -> Citizen | None:
    return await repository.find_citizen(session, channel=channel, external_id=external_id)


async def find_citizen_ticket(session: AsyncSession, *, citizen: Citizen, code: str) -> Ticket | None:
    """The ticket with `code` only if it belongs to `citizen`: citizens never see others' tickets."""
    ticket = await repository.find_ticket_by_code(session, code)
    if ticket is None or ticket.citizen_id != citizen.id:
        return None
    return ticket


async def list_citizen_tickets(
    session: AsyncSession, *, citizen: Citizen, limit: int = 5
) -> Sequence[Ticket]:
    return await repository.list_tickets_of_citizen(session, _id(citizen.id), limit=limit)


async def history(session: AsyncSession, *, ticket: Ticket) -> Sequence[TicketEvent]:
    return await repository.list_events(session, _id(ticket.id))


async def attachments(session: AsyncSession, *, ticket: Ticket) -> Sequence[TicketAttachment]:
    return await repository.list_attachments(session, _id(ticket.id))


async def attached_paths(session: AsyncSession, *, among: Sequence[str]) -> set[str]:
    """The storage paths, of those given, that belong to some ticket's attachments."""
    return await repository.attachment_paths_among(session, among)


def format_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix.upper()}-{year}-{number:06d}"


def find_code(text: str, prefix: str) -> str | None:
    """A ticket code written anywhere in `text`, in canonical form ("adu 2026 123" -> ADU-2026-000123)."""
    pattern = rf"(?<![A-Za-z]){re.escape(prefix)}[-\s.]?(\d{{4}})[-\s.]?(\d{{1,6}})(?!\d)"
    match = re.search(pattern, text, re.IGNORECASE)
    if match is None:
        return None
    return format_code(prefix, int(match.group(1)), int(match.group(2)))


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("row has not been flushed")
    return value


async def assign_unit(
    session: AsyncSession, *, ticket: Ticket, unit_id: str, actor: str, data: dict[str, Any] | None = None
) -> TicketEvent:
    """Give the ticket to another service unit (routing, "bukan wewenang"); recorded as `assigned`."""
    previous = ticket.unit_id
    ticket.unit_id = unit_id
    event_data = {"from": previous, "to": unit_id, **(data or {})}
    return await record_event(session, ticket, kind=TicketEventKind.ASSIGNED, actor=actor, data=event_data)


async def ticket_by_code(session: AsyncSession, *, code: str) -> Ticket | None:
    """The ticket with `code`, whoever filed it (for staff; citizens use `find_citizen_ticket`)."""
    return await repository.find_ticket_by_code(session, code)
