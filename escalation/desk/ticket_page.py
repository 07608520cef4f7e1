"""A ticket's whole story for the officer working on it: the ticket, the transcript and every event,
the SLA clocks, why it went to its unit, the photos, and the citizen's other tickets.

Personal data (NIK, phone, e-mail, house address) is masked everywhere unless `reveal` is set; the
caller lets only officers of the ticket's unit reveal and records the reveal in the audit log. A
ticket outside `units` (the viewer's units; None for all) is reported as not found, like one that
does not exist, so its code tells an outsider nothing."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import NotFoundError
from core.privacy import mask_pii
from escalation import repository
from escalation.desk.access import TicketRef, find_ticket
from sla import service as sla
from tickets import Citizen, Ticket, TicketEvent
from tickets import service as tickets

TRANSCRIPT_KINDS = frozenset({"citizen_message", "replied", "asked_citizen"})
"""Events that carry words exchanged with the citizen (after the complaint itself)."""
OTHER_TICKETS = 10


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    actor: str
    text: str | None
    """Words of the citizen or the officer (masked unless revealed); None for a bare event."""
    data: dict[str, Any]
    """The event's other facts (its text removed)."""


@dataclass(frozen=True)
class ClockView:
    kind: str
    status: str
    started_at: datetime
    due_at: datetime
    late: bool
    """Breached, or running past its deadline."""
    met_at: datetime | None


@dataclass(frozen=True)
class Photo:
    attachment_id: int
    content_type: str
    size_bytes: int
    name: str | None
    added_at: datetime


@dataclass(frozen=True)
class OtherTicket:
    code: str
    status: str
    opened: datetime


@dataclass(frozen=True)
class TicketPage:
    ticket_id: int
    code: str
    status: str
    channel: str
    kind: str
    category: str | None
    unit_id: str | None
    level: int
    assignee_id: str | None
    priority: str
    confidential: bool
    anonymous: bool
    description: str
    location: str | None
    citizen_name: str | None
    citizen_last_message_at: datetime | None
    """When the citizen last wrote (on WhatsApp a reply after 24 hours goes as an approved template)."""
    opened: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    revealed: bool
    transcript: list[Entry]
    timeline: list[Entry]
    clocks: list[ClockView]
    routing: dict[str, Any] | None
    """The router's decision when the ticket was filed: unit, confidence, reasons."""
    photos: list[Photo]
    other_tickets: list[OtherTicket]


async def ticket_page(
    session: AsyncSession, *, ticket: TicketRef, units: Collection[str] | None, reveal: bool = False
) -> TicketPage:
    found = await find_ticket(session, ticket)
    state = await repository.read_escalation(session, int(found.id or 0))
    unit_id = state.unit_id if state is not None else found.unit_id
    if units is not None and unit_id not in units:
        raise NotFoundError(f"unknown ticket {ticket!r}")
    shown = _Shown(reveal)
    events = [_entry(event, shown) for event in await tickets.history(session, ticket=found)]
    told = Entry(at=found.created_at, kind="opened", actor="citizen", text=shown(found.description), data={})
    citizen = await session.get(Citizen, found.citizen_id)
    return TicketPage(
        ticket_id=int(found.id or 0),
        code=found.code,
        status=str(found.status),
        channel=found.channel,
        kind=str(found.kind),
        category=found.category,
        unit_id=unit_id,
        level=state.level if state is not None else 0,
        assignee_id=state.assignee_id if state is not None else None,
        priority=str(found.priority),
        confidential=found.confidential,
        anonymous=found.anonymous,
        description=shown(found.description),
        location=shown(found.location) if found.location else None,
        citizen_name=_citizen_name(citizen, found, shown),
        citizen_last_message_at=citizen.last_message_at if citizen is not None else None,
        opened=found.created_at,
        first_responded_at=found.first_responded_at,
        resolved_at=found.resolved_at,
        revealed=reveal,
        transcript=[told, *(entry for entry in events if entry.kind in TRANSCRIPT_KINDS and entry.text)],
        timeline=events,
        clocks=[_clock(row) for row in await sla.clocks_of(session, ticket=found)],
        routing=next((entry.data for entry in reversed(events) if entry.kind == "routed"), None),
        photos=[_photo(row) for row in await tickets.attachments(session, ticket=found)],
        other_tickets=await _other_tickets(session, citizen, found),
    )


class _Shown:
    def __init__(self, reveal: bool) -> None:
        self.reveal = reveal

    def __call__(self, text: str) -> str:
        return text if self.reveal else mask_pii(text)


def _entry(event: TicketEvent, shown: _Shown) -> Entry:
    data = dict(event.data or {})
    text = data.pop("text", None)
    return Entry(
        at=event.created_at,
        kind=str(event.kind),
        actor=event.actor,
        text=shown(str(text)) if text else None,
        data=data,
    )


def _clock(row: Any) -> ClockView:
    late = row.breached_at is not None or (str(row.status) == "running" and row.due_at <= clock.now())
    return ClockView(
        kind=str(row.kind),
        status=str(row.status),
        started_at=row.started_at,
        due_at=row.due_at,
        late=late,
        met_at=row.met_at,
    )


def _photo(row: Any) -> Photo:
    return Photo(
        attachment_id=int(row.id),
        content_type=row.content_type,
        size_bytes=int(row.size_bytes),
        name=row.original_name,
        added_at=row.created_at,
    )


def _citizen_name(citizen: Citizen | None, ticket: Ticket, shown: _Shown) -> str | None:
    if citizen is None or ticket.anonymous or not citizen.display_name:
        return None
    return citizen.display_name if shown.reveal else _initials(citizen.display_name)


def _initials(name: str) -> str:
    """ "Budi Santoso" -> "B. S.": enough to tell two citizens apart in a conversation."""
    return " ".join(f"{part[0]}." for part in name.split() if part)


async def _other_tickets(session: AsyncSession, citizen: Citizen | None, ticket: Ticket) -> list[OtherTicket]:
    if citizen is None:
        return []
    rows = await tickets.list_citizen_tickets(session, citizen=citizen, limit=OTHER_TICKETS + 1)
    return [
        OtherTicket(code=row.code, status=str(row.status), opened=row.created_at)
        for row in rows
        if row.id != ticket.id
    ][:OTHER_TICKETS]
