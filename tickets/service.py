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
    first_response_due_at: datetime | None = None
    resolution_due_at: datetime | None = None


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
    """Race-safe: two processes seeing the same new citizen end up with one row."""
    citizen = await repository.find_citizen(session, channel=channel, external_id=external_id)
    if citizen is None:
        values = {
            "channel": channel,
            "external_id": external_id,
            "display_name": display_name,
            "created_at": clock.now(),
        }
        await repository.insert_citizen_if_absent(session, values)
        citizen = await repository.find_citizen(session, channel=channel, external_id=external_id)
    if citizen is None:
        raise NotFoundError("citizen could not be created")
    citizen.last_message_at = clock.now()
    if display_name and citizen.display_name != display_name:
        citizen.display_name = display_name
    return citizen


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
    row = TicketAttachment(ticket_id=_id(ticket.id), created_at=clock.now(), **attachment.__dict__)
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
) -> TicketEvent:
    event = TicketEvent(
        ticket_id=_id(ticket.id), kind=str(kind), actor=actor, data=data or {}, created_at=clock.now()
    )
    ticket.updated_at = event.created_at
    await repository.add(session, event)
    return event


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
