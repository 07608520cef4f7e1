"""Time is aware UTC everywhere and can be frozen in tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from core import clock as core_clock
from core.db import Database
from tickets import Citizen


class TestClock:
    def test_a_frozen_clock_moves_only_when_told(self) -> None:
        frozen = core_clock.FrozenClock(datetime(2026, 3, 18, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
        with core_clock.use_clock(frozen):
            assert core_clock.now() == datetime(2026, 3, 18, 1, 0, tzinfo=UTC)
            frozen.advance(hours=2)
            assert core_clock.now() == datetime(2026, 3, 18, 3, 0, tzinfo=UTC)
        assert core_clock.now() != frozen.now()

    def test_naive_datetimes_are_refused(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            core_clock.FrozenClock(datetime(2026, 1, 1))  # noqa: DTZ001


class TestStoredTimes:
    async def test_times_come_back_from_the_database_aware_and_equal(self, db: Database) -> None:
        moment = datetime(2026, 12, 31, 23, 59, 30, tzinfo=ZoneInfo("Asia/Jayapura"))
        async with db.session() as session:
            session.add(Citizen(channel="web", external_id="x", created_at=moment))
        async with db.session() as session:
            stored = (await session.execute(select(Citizen))).scalar_one()
        assert stored.created_at == moment
        assert stored.created_at.utcoffset() == timedelta(0)
