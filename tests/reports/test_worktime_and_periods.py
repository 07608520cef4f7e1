"""Working time measured in SQL equals the calendar's own arithmetic; the period presets."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import literal, select, true

from core.db import Database
from core.types import UTCDateTime
from reports import last_month, parse_month, this_week
from reports.filters import ReportFilterError, preset_period
from reports.worktime import work_days
from sla import default_calendar
from tests.reports.conftest import WIB


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Jayapura"])
async def test_sql_working_time_matches_the_calendar(db: Database, zone: str) -> None:
    """Across Nyepi and Idul Fitri 2026 (18-24 March closed), in WIB and in WIT (whose mornings start
    the day before in UTC)."""
    calendar = default_calendar(zone)
    start, end = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 30, tzinfo=UTC)
    days = work_days(calendar, start, end)
    rng = random.Random(14)
    async with db.session() as session:
        for _ in range(25):
            a = start + timedelta(seconds=rng.randrange(0, 50 * 86_400))
            b = a + timedelta(seconds=rng.randrange(0, 9 * 86_400))
            at_a, at_b = days.alias("at_a"), days.alias("at_b")
            left, right = literal(a, UTCDateTime), literal(b, UTCDateTime)
            statement = (
                select(days.at(at_b, right) - days.at(at_a, left))
                .select_from(at_a)
                .join(at_b, true())
                .where(days.on(at_a, left), days.on(at_b, right))
            )
            measured = float((await session.execute(statement)).scalar_one())
            assert measured == pytest.approx(calendar.working_seconds_between(a, b), abs=0.01)


def test_presets_follow_the_agency_calendar_weeks_and_months() -> None:
    now = datetime(2026, 11, 4, 1, 0, tzinfo=UTC)  # Wednesday 08:00 WIB
    week = this_week(now, WIB)
    assert (week.first_day, week.last_day) == (date(2026, 11, 2), date(2026, 11, 8))
    assert week.start == datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
    month = last_month(datetime(2026, 1, 10, tzinfo=UTC), WIB)
    assert (month.first_day, month.last_day) == (date(2025, 12, 1), date(2025, 12, 31))
    assert preset_period("last_month", now, WIB).last_day == date(2026, 10, 31)
    november = parse_month("2026-11", WIB)
    assert (november.first_day, november.last_day, november.end) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
        datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
    )
    for wrong in ("2026-13", "November"):
        with pytest.raises(ReportFilterError, match="tidak dikenali"):
            parse_month(wrong, WIB)
    with pytest.raises(ReportFilterError):
        preset_period("kemarin", now, WIB)
