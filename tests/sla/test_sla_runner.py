"""The sweep inside the service: started and stopped with the app, catching up at start-up, never
running twice at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.clock import FrozenClock
from core.db import Database
from core.settings import CoreSettings
from sla import SlaConfig, SlaSettings, Sweeper, SweepRunner
from tanggap.app import create_app
from tests.sla.conftest import CrashingListener, alert_events, open_ticket, wib


class TestSettings:
    def test_the_sweep_runs_every_15_seconds_unless_configured(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("SLA_SWEEP_SECONDS", raising=False)
        assert SlaSettings().sweep_seconds == 15

    def test_the_interval_comes_from_sla_sweep_seconds(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SLA_SWEEP_SECONDS", "5")
        assert SlaSettings().sweep_seconds == 5


class TestTheAppLifespan:
    async def test_the_app_sweeps_at_start_up_and_stops_the_scheduler_on_shutdown(
        self,
        db: Database,
        database_url: str,
        sample_kb_path: Path,
        tmp_path: Path,
        config: SlaConfig,
        clock: FrozenClock,
    ) -> None:
        await open_ticket(db, config)
        clock.set(wib(26, 11))  # the first response is overdue while the service was down
        core = CoreSettings(database_url=database_url, data_dir=tmp_path)
        app = create_app(core, sample_kb_path, SlaSettings(sweep_seconds=3600))
        async with app.router.lifespan_context(app):
            runner: SweepRunner = app.state.sla_sweep
            assert runner.running
            await asyncio.wait_for(runner.swept.wait(), timeout=10)
        assert not runner.running
        assert ("sla_breached", "first_response") in [
            (kind, clock) for _, kind, clock, _ in await alert_events(db)
        ]

    async def test_the_sweep_can_be_switched_off(
        self, db: Database, database_url: str, sample_kb_path: Path, tmp_path: Path, clock: FrozenClock
    ) -> None:
        core = CoreSettings(database_url=database_url, data_dir=tmp_path)
        app = create_app(core, sample_kb_path, SlaSettings(sweep_enabled=False))
        async with app.router.lifespan_context(app):
            assert not hasattr(app.state, "sla_sweep")


class TestOverrun:
    async def test_a_sweep_still_running_is_not_started_again(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        await open_ticket(db, config)
        clock.set(wib(25, 12))
        runner = SweepRunner(Sweeper(db), interval_seconds=15)
        first, second = await asyncio.gather(runner.run_once(), runner.run_once())
        assert first is not None
        assert first.warnings == 1
        assert second is None
        assert len(await alert_events(db)) == 1

    async def test_a_failing_sweep_is_logged_and_the_next_one_runs(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        await open_ticket(db, config)
        clock.set(wib(25, 12))
        runner = SweepRunner(Sweeper(db, listener=CrashingListener(crashes=1)), interval_seconds=15)
        assert await runner.run_once() is None
        report = await runner.run_once()
        assert report is not None
        assert report.warnings == 1
