"""The only way a ticket's status or its flags change. Channels (`bot`, `web`, `tanggap`) may not import
this module (an import-linter contract): they go through the ticket desk (`escalation.desk`), which
moves the status together with the SLA clocks (`sla.service`, the other caller)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from tickets.models import OPEN_STATUSES, Ticket, TicketEvent, TicketEventKind, TicketStatus
from tickets.service import record_event


async def change_status(
    session: AsyncSession,
    *,
    ticket: Ticket,
    status: TicketStatus,
    actor: str,
    data: dict[str, Any] | None = None,
) -> TicketEvent | None:
    """Move the ticket to `status` and record it (resolved, reopened, closed or status_changed).

    Returns None when the ticket already has that status. Resolving sets `resolved_at`; going back to
    an open status clears it.
    """
    previous = ticket.status
    if previous == status:
        return None
    ticket.status = status
    if status == TicketStatus.RESOLVED:
        ticket.resolved_at = clock.now()
        kind = TicketEventKind.RESOLVED
    elif status == TicketStatus.CLOSED:
        kind = TicketEventKind.CLOSED
    elif previous not in OPEN_STATUSES:
        ticket.resolved_at = None
        kind = TicketEventKind.REOPENED
    else:
        kind = TicketEventKind.STATUS_CHANGED
    event_data = {"from": str(previous), "to": str(status), **(data or {})}
    return await record_event(session, ticket, kind=kind, actor=actor, data=event_data)


async def mark_flags(
    session: AsyncSession,
    *,
    ticket: Ticket,
    actor: str,
    confidential: bool | None = None,
    anonymous: bool | None = None,
) -> TicketEvent | None:
    """Set the ticket's confidential / anonymous flags (None: unchanged) and record what changed
    (event `flags_changed`). Returns None when nothing changed."""
    changed: dict[str, Any] = {}
    if confidential is not None and confidential != ticket.confidential:
        ticket.confidential = changed["confidential"] = confidential
    if anonymous is not None and anonymous != ticket.anonymous:
        ticket.anonymous = changed["anonymous"] = anonymous
    if not changed:
        return None
    return await record_event(session, ticket, kind=TicketEventKind.FLAGS_CHANGED, actor=actor, data=changed)
