"""`tanggap queue`: the officers' queue in a terminal, the most urgent ticket first."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from core.db import Database
from core.settings import CoreSettings
from escalation.desk.queue import Queue, QueueFilter, QueueItem, officer_queue

Values = Annotated[list[str] | None, typer.Option()]
LABELS = {"late": "LATE", "running": "due", "paused": "waiting", "none": "-"}


def queue(
    unit: Annotated[list[str] | None, typer.Option(help="Only these units (default: all).")] = None,
    status: Values = None,
    channel: Values = None,
    kind: Values = None,
    category: Values = None,
    assignee: Annotated[str | None, typer.Option(help="Only tickets of this person (their id).")] = None,
    unassigned: Annotated[bool, typer.Option(help="Only tickets nobody holds.")] = False,
    search: Annotated[str, typer.Option(help="A ticket code, or words of the citizen's text.")] = "",
    limit: Annotated[int, typer.Option(min=1, max=200)] = 50,
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge base directory.")] = None,
) -> None:
    """List open tickets, late first, then by deadline (times in the agency's zone)."""
    from tanggap.cli import _check_or_exit, _kb_path  # the command module registers this one

    tz = _check_or_exit(_kb_path(kb)).sla.calendar.tz
    chosen = QueueFilter(statuses=frozenset(status)) if status else QueueFilter()
    filters = replace(
        chosen,
        channels=frozenset(channel or ()),
        kinds=frozenset(kind or ()),
        categories=frozenset(category or ()),
        assignee=assignee,
        unassigned=unassigned,
        search=search,
        limit=limit,
    )
    shown = asyncio.run(_read(set(unit) if unit else None, filters))
    for line in queue_lines(shown, tz):
        typer.echo(line)


async def _read(units: set[str] | None, filters: QueueFilter) -> Queue:
    database = Database(CoreSettings().resolved_database_url())
    try:
        async with database.reading() as session:
            return await officer_queue(session, units=units, filters=filters)
    finally:
        await database.dispose()


def queue_lines(shown: Queue, tz: ZoneInfo) -> list[str]:
    counts = ", ".join(f"{status} {count}" for status, count in sorted(shown.counts.items())) or "none"
    lines = [f"{shown.total} ticket(s) ({counts}); {shown.late} late"]
    lines.extend(_line(item, tz) for item in shown.items)
    if shown.total > len(shown.items):
        lines.append(f"... {shown.total - len(shown.items)} more (use --limit or a filter)")
    return lines


def _line(item: QueueItem, tz: ZoneInfo) -> str:
    due = _local(item.due_at, tz) if item.due_at else "-"
    who = item.assignee_id or "unassigned"
    return (
        f"{item.code:<16} {LABELS[item.urgency]:<8} {due:<16} {item.status:<16} "
        f"{item.unit_id or '-':<18} {who:<16} {item.summary}"
    )


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")
