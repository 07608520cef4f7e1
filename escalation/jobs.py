"""Background jobs of the escalation layer (APScheduler 3.11, like the SLA sweep): release the
notifications held over quiet hours, and queue the daily digests."""

from __future__ import annotations

import asyncio
from datetime import UTC

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.db import Database
from escalation.context import EscalationContext
from escalation.digest import queue_daily_digests
from escalation.notify import release_held

log = structlog.get_logger(__name__)


async def release_held_notifications(db: Database) -> int:
    """One pass: held notifications whose working period has come go to the outbox (own transaction)."""
    async with db.session() as session:
        released = await release_held(session)
    if released:
        log.info("escalation_notifications_released", released=released)
    return released


async def send_daily_digests(db: Database, context: EscalationContext) -> int:
    async with db.session() as session:
        return await queue_daily_digests(session, context=context)


class EscalationJobs:
    """`start()` inside the running loop, `await stop()` before it ends."""

    def __init__(self, db: Database, context: EscalationContext) -> None:
        self.db = db
        self.context = context
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._busy = asyncio.Lock()
        self._stopping = False

    def start(self) -> None:
        settings = self.context.settings
        self._scheduler.add_job(
            self._release,
            "interval",
            seconds=settings.release_seconds,
            id="escalation-release-held",
            max_instances=1,
            coalesce=True,
        )
        self._scheduler.add_job(
            self._digest,
            "cron",
            hour=settings.digest_hour,
            minute=settings.digest_minute,
            timezone=self.context.sla.calendar.tz,
            id="escalation-daily-digest",
            max_instances=1,
            coalesce=True,
        )
        self._scheduler.add_job(self._release, id="escalation-release-at-start")
        self._scheduler.start()

    async def stop(self) -> None:
        """Stop scheduling, and let a job in progress finish before the database goes away."""
        self._stopping = True
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        async with self._busy:
            pass

    async def _release(self) -> None:
        if self._stopping:
            return
        async with self._busy:
            try:
                await release_held_notifications(self.db)
            except Exception:
                log.exception("escalation_release_failed")

    async def _digest(self) -> None:
        if self._stopping:
            return
        async with self._busy:
            try:
                queued = await send_daily_digests(self.db, self.context)
                log.info("escalation_digests_queued", units=queued)
            except Exception:
                log.exception("escalation_digest_failed")
