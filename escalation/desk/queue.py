"""The officers' queue: the open tickets a person may work on, the most urgent first.

Late tickets come first (the longest overdue at the top), then those whose clock is running (the
nearest deadline first), then those waiting for the citizen (their clocks paused), then any without a
clock. Filters narrow it (status, channel, kind, category, assignee, "mine", unassigned, a code or
words of the text); the counts per status are over the filtered set before paging.

`units` is what the viewer may see: their units' ids, or None for everything (supervisors). The web
dashboard, the API and the CLI all read the queue from here."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false, or_
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation.desk import queue_repository as queries
from escalation.desk.queue_repository import STATES, TICKETS
from escalation.texts import excerpt
from tickets import OPEN_STATUSES

URGENCY = {
    queries.BREACHED: "late",
    queries.RUNNING: "running",
    queries.PAUSED: "paused",
    queries.NO_CLOCK: "none",
}
EXCERPT_CHARACTERS = 140
MAX_PAGE = 200


@dataclass(frozen=True)
class QueueFilter:
    statuses: frozenset[str] = frozenset(str(status) for status in OPEN_STATUSES)
    channels: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    assignee: str | None = None
    """A person's id ("mine" is the viewer's own id)."""
    unassigned: bool = False
    search: str = ""
    """A ticket code, or words that must appear in the citizen's text."""
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class QueueItem:
    ticket_id: int
    code: str
    status: str
    channel: str
    kind: str
    category: str | None
    unit_id: str | None
    priority: str
    summary: str
    """The citizen's text, personal data masked, on one line and shortened."""
    opened: datetime
    assignee_id: str | None
    level: int
    """Where it stands in its unit's escalation chain (0 = the unit's officers)."""
    urgency: str
    """late, running, paused (waiting for the citizen) or none."""
    due_at: datetime | None


@dataclass(frozen=True)
class Queue:
    items: list[QueueItem]
    counts: dict[str, int] = field(default_factory=dict)
    """Tickets per status among those the filter selects (all pages)."""
    late: int = 0
    total: int = 0


async def officer_queue(
    session: AsyncSession, *, units: Collection[str] | None, filters: QueueFilter | None = None
) -> Queue:
    chosen = filters or QueueFilter()
    now = clock.now()
    conditions = _conditions(units, chosen)
    counts, late = await queries.queue_counts(session, now, conditions)
    rows = await queries.queue_rows(
        session, now, conditions, limit=max(1, min(chosen.limit, MAX_PAGE)), offset=max(0, chosen.offset)
    )
    return Queue(items=[_item(row) for row in rows], counts=counts, late=late, total=sum(counts.values()))


def _conditions(units: Collection[str] | None, chosen: QueueFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [TICKETS.c.status.in_(sorted(chosen.statuses))]
    if units is not None:
        conditions.append(TICKETS.c.unit_id.in_(sorted(units)) if units else false())
    for column, wanted in (
        (TICKETS.c.channel, chosen.channels),
        (TICKETS.c.kind, chosen.kinds),
        (TICKETS.c.category, chosen.categories),
    ):
        if wanted:
            conditions.append(column.in_(sorted(wanted)))
    if chosen.assignee is not None:
        conditions.append(STATES.c.assignee_id == chosen.assignee)
    if chosen.unassigned:
        conditions.append(STATES.c.assignee_id.is_(None))
    conditions.extend(_search(chosen.search))
    return conditions


def _search(text: str) -> list[ColumnElement[bool]]:
    words = text.split()
    if not words:
        return []
    if len(words) == 1:
        code = words[0].upper()
        return [or_(TICKETS.c.code == code, _contains(words[0]))]
    return [_contains(word) for word in words]


def _contains(word: str) -> ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return TICKETS.c.description.ilike(f"%{escaped}%", escape="\\")


def _item(row: Any) -> QueueItem:
    return QueueItem(
        ticket_id=int(row.id),
        code=str(row.code),
        status=str(row.status),
        channel=str(row.channel),
        kind=str(row.kind),
        category=row.category,
        unit_id=row.unit_id,
        priority=str(row.priority),
        summary=excerpt(str(row.description), EXCERPT_CHARACTERS),
        opened=row.created_at,
        assignee_id=row.assignee_id,
        level=int(row.level or 0),
        urgency=URGENCY[int(row.rank)],
        due_at=row.due_at,
    )
