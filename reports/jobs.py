"""The reports' scheduled work: every day at the digest's time (the agency's zone) the monthly recap
mail is queued if today is the month's first working day (`reports.monthly_mail`), when
`TANGGAP_REPORTS_MONTHLY_EMAIL` is on. `start()` inside the running loop, `await stop()` before it ends."""

from __future__ import annotations

import asyncio
from datetime import UTC

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from pydantic_settings import BaseSettings, SettingsConfigDict

from core import clock
from core.db import Database
from escalation.context import EscalationContext
from reports.monthly_mail import queue_monthly_recap

log = structlog.get_logger(__name__)


class ReportSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_REPORTS_", env_file=".env", extra="ignore")

    monthly_email: bool = False
    """Mail last month's figures to the supervisors on the first working day of each month."""
    site_url: str | None = None
    """The address staff open Tanggap at ("https://tanggap.kotacontoh.go.id"), for the link in the mail."""
    monthly_minute: int = 5
    """Minutes after the daily digest's hour (TANGGAP_ESCALATION_DIGEST_HOUR) the recap is queued at."""


class ReportJobs:
    def __init__(self, db: Database, context: EscalationContext, settings: ReportSettings) -> None:
        self.db = db
        self.context = context
        self.settings = settings
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._busy = asyncio.Lock()

    def start(self) -> None:
        if not self.settings.monthly_email:
            return
        self._scheduler.add_job(
            self.queue_recap,
            "cron",
            hour=self.context.settings.digest_hour,
            minute=self.settings.monthly_minute,
            timezone=self.context.sla.calendar.tz,
            id="reports-monthly-recap",
            max_instances=1,
            coalesce=True,
        )
        self._scheduler.start()

    async def stop(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        async with self._busy:
            pass

    async def queue_recap(self) -> None:
        async with self._busy:
            try:
                async with self.db.session() as session:
                    queued = await queue_monthly_recap(
                        session, context=self.context, now=clock.now(), site_url=self.settings.site_url
                    )
                if queued:
                    log.info("monthly_recap_queued", mails=queued)
            except Exception:
                log.exception("monthly_recap_failed")
