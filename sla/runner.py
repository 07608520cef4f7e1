"""Running the sweep every few seconds inside the service, with APScheduler 3.11's AsyncIOScheduler.

The schedule lives in memory only (jobs defined in code); the state lives in the database, so a
restart simply sweeps again. One job, `max_instances=1` and `coalesce=True`: a sweep that overruns its
interval is never run twice at once, and missed runs collapse into one. One extra run at start-up
catches up on whatever fell due while the service was down.
"""

from __future__ import annotations

import asyncio
from datetime import UTC

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sla.sweep import Sweeper, SweepReport

log = structlog.get_logger(__name__)


class SlaSettings(BaseSettings):
    """Environment settings of the SLA sweep (prefix SLA_)."""

    model_config = SettingsConfigDict(env_prefix="SLA_", env_file=".env", extra="ignore")

    sweep_enabled: bool = True
    sweep_seconds: float = Field(default=15.0, gt=0)
    """How often due warnings and breaches are looked for."""
    sweep_batch: int = Field(default=1000, gt=0)
    """Clocks claimed per transaction."""
    lease_seconds: float = Field(default=45.0, gt=0)
    """SQLite: how long another instance waits before taking over from a sweeper that stopped."""


class SweepRunner:
    """Owns the scheduler; `start` inside a running event loop, `await stop()` before the loop ends."""

    def __init__(self, sweeper: Sweeper, *, interval_seconds: float) -> None:
        self.sweeper = sweeper
        self.interval_seconds = interval_seconds
        self.last_report: SweepReport | None = None
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._busy = asyncio.Lock()
        self._stopping = False
        self.swept = asyncio.Event()
        """Set after every sweep that ran to the end (tests and health checks wait on it)."""

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def start(self) -> None:
        self._scheduler.add_job(
            self.run_once,
            "interval",
            seconds=self.interval_seconds,
            id="sla-sweep",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
        # No misfire grace: a busy start-up (the loop held for over a second) must not skip it.
        self._scheduler.add_job(self.run_once, id="sla-sweep-at-start", misfire_grace_time=None)
        self._scheduler.start()
        log.info("sla_sweep_started", interval_seconds=self.interval_seconds, holder=self.sweeper.holder)

    async def stop(self) -> None:
        self._stopping = True
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        async with self._busy:  # let a sweep in progress finish before the database goes away
            pass
        try:
            await self.sweeper.release()
        except Exception:
            log.exception("sla_sweep_release_failed")
        log.info("sla_sweep_stopped")

    async def run_once(self) -> SweepReport | None:
        """One sweep; never raises (the scheduler must keep going), a failure is logged and retried."""
        if self._busy.locked() or self._stopping:
            return None
        async with self._busy:
            try:
                self.last_report = await self.sweeper.sweep()
            except Exception:
                log.exception("sla_sweep_failed")
                return None
            self.swept.set()
            return self.last_report
