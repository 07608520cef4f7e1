"""The sweep: find the clocks whose next warning or deadline has come, fire each exactly once.

One sweep is a series of batches, each one transaction:
1. take the sweep lock: `pg_try_advisory_xact_lock` on PostgreSQL, the lease row on SQLite (where every
   transaction already runs alone, `BEGIN IMMEDIATE`); a sweeper that does not get it stops at once;
2. claim up to `batch_size` due clocks with one conditional UPDATE on the indexed `next_check_at`;
3. decide what fires (one warning, or the breach), write the clocks' next checks, append the ticket
   events and call the listener, all in the same transaction;
4. commit. A crash anywhere before the commit rolls the whole batch back: nothing was fired, the rows
   are still due, and the next sweep fires them.
Rows whose next check lies ahead are never touched, so the work is proportional to what is due.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.db import Database
from sla import repository
from sla.alerts import RecordOnlyListener, SlaAlert, SlaListener
from sla.clocks import Firing, due_firing, next_check, snapshot_warnings
from sla.models import ClockKind, SlaEventKind
from sla.repository import ClaimedClock
from tickets import NewEvent
from tickets import service as tickets

LEASE_NAME = "sla_sweep"
SWEEP_ACTOR = "sla"
log = structlog.get_logger(__name__)


@dataclass
class SweepReport:
    """What one sweep did. `skipped`: another sweeper held the lock, so this one did nothing."""

    skipped: bool = False
    claimed: int = 0
    warnings: int = 0
    breaches: int = 0
    batches: int = 0
    alerts: list[SlaAlert] = field(default_factory=list, repr=False)


class Sweeper:
    """Sweeps one database. Safe to run from several processes at once (see the module doc)."""

    def __init__(
        self,
        db: Database,
        *,
        listener: SlaListener | None = None,
        batch_size: int = 1000,
        lease_seconds: float = 45.0,
        holder: str | None = None,
        keep_alerts: bool = False,
    ) -> None:
        self.db = db
        self.listener: SlaListener = listener or RecordOnlyListener()
        self.batch_size = batch_size
        self.lease = timedelta(seconds=lease_seconds)
        self.holder = holder or f"sweeper-{uuid.uuid4().hex[:12]}"
        self.keep_alerts = keep_alerts

    async def sweep(self) -> SweepReport:
        """Fire everything due now, batch after batch, until a batch comes back short."""
        report = SweepReport()
        while True:
            claimed = await self._batch(report)
            if claimed is None:
                report.skipped = report.batches == 0
                return report
            report.batches += 1
            if claimed < self.batch_size:
                return report

    async def release(self) -> None:
        """Give up the SQLite lease (on shutdown), so another instance takes over at once."""
        if self.db.dialect == "sqlite":
            async with self.db.session() as session:
                await repository.release_lease(session, name=LEASE_NAME, holder=self.holder, now=clock.now())

    async def _batch(self, report: SweepReport) -> int | None:
        now = clock.now()
        async with self.db.session() as session:
            if not await self._may_sweep(session, now):
                return None
            rows = await repository.claim_due(session, now=now, limit=self.batch_size, sweep_id=self.holder)
            alerts = await _fire(session, rows, now)
            for alert in alerts:
                if alert.kind == "breach":
                    await self.listener.on_breach(session, alert)
                else:
                    await self.listener.on_warning(session, alert)
        report.claimed += len(rows)
        report.warnings += sum(alert.kind == "warning" for alert in alerts)
        report.breaches += sum(alert.kind == "breach" for alert in alerts)
        if self.keep_alerts:
            report.alerts.extend(alerts)
        if alerts:
            log.info("sla_sweep_fired", warnings=report.warnings, breaches=report.breaches)
        return len(rows)

    async def _may_sweep(self, session: AsyncSession, now: datetime) -> bool:
        if self.db.dialect == "postgresql":
            return await repository.try_advisory_lock(session)
        return await repository.take_lease(
            session, name=LEASE_NAME, holder=self.holder, now=now, ttl=self.lease
        )


async def _fire(session: AsyncSession, rows: list[ClaimedClock], now: datetime) -> list[SlaAlert]:
    updates, events, alerts = [], [], []
    for row in rows:
        times = tuple(datetime.fromisoformat(moment) for moment in row.warning_times)
        points = snapshot_warnings(row.policy)
        breached = row.breached_at is not None
        firing = due_firing(now, row.due_at, times, points, row.warnings_fired, breached)
        fired = row.warnings_fired if firing is None else firing.warnings_fired
        breached_at = now if firing is not None and firing.kind == "breach" else row.breached_at
        updates.append(
            {
                "b_id": row.id,
                "b_fired": fired,
                "b_next": next_check(row.due_at, times, fired, breached_at is not None),
                "b_breached": breached_at,
            }
        )
        if firing is not None:
            alert = _alert(row, firing, now)
            alerts.append(alert)
            events.append(_event(alert))
    await repository.save_fired(session, updates)
    await tickets.record_events(session, events=events, at=now)
    return alerts


def _alert(row: ClaimedClock, firing: Firing, now: datetime) -> SlaAlert:
    return SlaAlert(
        kind=firing.kind,
        ticket_id=row.ticket_id,
        clock_id=row.id,
        clock=ClockKind(row.kind),
        policy=str(row.policy.get("name", "")),
        point=firing.point,
        due_at=row.due_at,
        fired_at=now,
        skipped=firing.skipped,
    )


def _event(alert: SlaAlert) -> NewEvent:
    data: dict[str, object] = {
        "clock": str(alert.clock),
        "clock_id": alert.clock_id,
        "policy": alert.policy,
        "due_at": alert.due_at.isoformat(),
    }
    if alert.point is not None:
        data["point"] = alert.point
    if alert.skipped:
        data["skipped_warnings"] = list(alert.skipped)
    kind = SlaEventKind.BREACHED if alert.kind == "breach" else SlaEventKind.WARNING
    return NewEvent(ticket_id=alert.ticket_id, kind=str(kind), actor=SWEEP_ACTOR, data=data)
