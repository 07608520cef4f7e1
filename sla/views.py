"""Live clocks as people and the ticket API see them: due time, time left, paused or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from sla import repository
from sla.clocks import Measure, elapsed, measure_of, snapshot_target, snapshot_warnings
from sla.models import ClockKind, ClockStatus, SlaClock
from sla.policies import Duration, SlaConfig
from tickets import Ticket


@dataclass(frozen=True, slots=True)
class WarningPoint:
    point: float
    at: datetime
    handled: bool
    """Fired, or passed over by a breach or a jump of the clock."""


@dataclass(frozen=True, slots=True)
class LiveClock:
    """One clock at a moment. `left` is the time still allowed, counted like the target (working time
    for working-time targets), negative once overdue; frozen while paused; None once met or stopped."""

    id: int
    kind: ClockKind
    status: ClockStatus
    policy: str
    target: Duration | None
    measure: Measure
    started_at: datetime
    due_at: datetime
    paused_at: datetime | None
    left: timedelta | None
    breached_at: datetime | None
    met_at: datetime | None
    stopped_at: datetime | None
    warnings: tuple[WarningPoint, ...]

    @property
    def active(self) -> bool:
        return self.status in (ClockStatus.RUNNING, ClockStatus.PAUSED)

    @property
    def paused(self) -> bool:
        return self.status == ClockStatus.PAUSED

    @property
    def overdue(self) -> bool:
        return self.left is not None and self.left <= timedelta(0)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "status": str(self.status),
            "policy": self.policy,
            "target": None if self.target is None else str(self.target),
            "measure": self.measure,
            "started_at": self.started_at.isoformat(),
            "due_at": self.due_at.isoformat(),
            "paused": self.paused,
            "paused_at": _iso(self.paused_at),
            "left_seconds": None if self.left is None else self.left.total_seconds(),
            "overdue": self.overdue,
            "breached_at": _iso(self.breached_at),
            "met_at": _iso(self.met_at),
            "stopped_at": _iso(self.stopped_at),
            "warnings": [
                {"point": w.point, "at": w.at.isoformat(), "handled": w.handled} for w in self.warnings
            ],
        }


async def live_clocks(
    session: AsyncSession, *, ticket: Ticket, config: SlaConfig, now: datetime | None = None
) -> list[LiveClock]:
    """Every clock of the ticket, oldest first, as it stands `now` (default: the clock's now)."""
    if ticket.id is None:
        return []
    moment = now or clock.now()
    rows = await repository.clocks_of_ticket(session, ticket.id)
    return [_live(row, config, moment) for row in rows]


async def clock_view(
    session: AsyncSession, *, ticket: Ticket, config: SlaConfig, now: datetime | None = None
) -> dict[str, Any]:
    """The ticket's clocks as JSON for the ticket API."""
    moment = now or clock.now()
    clocks = await live_clocks(session, ticket=ticket, config=config, now=moment)
    return {
        "ticket": ticket.code,
        "status": str(ticket.status),
        "as_of": moment.isoformat(),
        "clocks": [live.as_json() for live in clocks],
    }


def _live(row: SlaClock, config: SlaConfig, now: datetime) -> LiveClock:
    target = snapshot_target(row.policy, row.kind)
    measure = measure_of(target)
    status = ClockStatus(row.status)
    left = None
    if status in (ClockStatus.RUNNING, ClockStatus.PAUSED):
        reference = row.paused_at if row.paused_at is not None else now
        left = elapsed(reference, row.due_at, config.calendar, measure)
    points = snapshot_warnings(row.policy)
    warnings = tuple(
        WarningPoint(point, datetime.fromisoformat(at), index < row.warnings_fired)
        for index, (point, at) in enumerate(zip(points, row.warning_times, strict=False))
    )
    return LiveClock(
        id=row.id or 0,
        kind=ClockKind(row.kind),
        status=status,
        policy=str(row.policy.get("name", "")),
        target=target,
        measure=measure,
        started_at=row.started_at,
        due_at=row.due_at,
        paused_at=row.paused_at,
        left=left,
        breached_at=row.breached_at,
        met_at=row.met_at,
        stopped_at=row.stopped_at,
        warnings=warnings,
    )


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
