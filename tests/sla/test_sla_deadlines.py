from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from sla import (
    DEFAULT_WEEKLY,
    BusinessCalendar,
    Duration,
    ScheduleOverride,
    WorkingPeriod,
    default_calendar,
    due_at,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
calendar = default_calendar("Asia/Jakarta")
"""The default office calendar in WIB, with national holidays and cuti bersama."""


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def working_hours(amount: float) -> Duration:
    return Duration(amount, "working_hours")


def working_days(amount: int) -> Duration:
    return Duration(amount, "working_days")


def calendar_hours(amount: float) -> Duration:
    return Duration(amount, "calendar_hours")


def deadline(calendar: BusinessCalendar, start: datetime, duration: Duration) -> datetime:
    result = due_at(start, duration, calendar)
    assert result.tzinfo is UTC
    return result.astimezone(calendar.tz)


class TestWorkingHoursWithinAnOrdinaryWeek:
    @pytest.mark.parametrize(
        ("start", "hours", "expected"),
        [
            (wib(2026, 11, 16, 8), 1, wib(2026, 11, 16, 9)),
            (wib(2026, 11, 16, 11), 2, wib(2026, 11, 16, 14)),
            (wib(2026, 11, 16, 15), 2, wib(2026, 11, 17, 8, 30)),
            (wib(2026, 11, 16, 15), 24, wib(2026, 11, 20, 8)),
            (wib(2026, 11, 16, 7, 30), 7.5, wib(2026, 11, 16, 16)),
            (wib(2026, 11, 16, 9), 0.25, wib(2026, 11, 16, 9, 15)),
        ],
    )
    def test_only_working_time_counts(self, start: datetime, hours: float, expected: datetime) -> None:
        assert deadline(calendar, start, working_hours(hours)) == expected


class TestWorkingHoursAcrossAWeekend:
    def test_friday_afternoon_continues_on_monday_morning(self) -> None:
        assert deadline(calendar, wib(2026, 11, 20, 16), working_hours(1)) == wib(2026, 11, 23, 8)

    def test_a_ticket_opened_on_saturday_counts_from_monday_opening(self) -> None:
        assert deadline(calendar, wib(2026, 11, 21, 10), working_hours(1)) == wib(2026, 11, 23, 8, 30)

    def test_24_working_hours_from_friday_ends_on_thursday(self) -> None:
        assert deadline(calendar, wib(2026, 11, 20, 9), working_hours(24)) == wib(2026, 11, 25, 10, 30)


class TestWorkingHoursAroundTheFridayPrayerBreak:
    def test_friday_morning_work_resumes_at_one_oclock(self) -> None:
        assert deadline(calendar, wib(2026, 11, 20, 11), working_hours(1)) == wib(2026, 11, 20, 13, 30)

    def test_a_ticket_opened_during_friday_prayers_starts_at_one_oclock(self) -> None:
        assert deadline(calendar, wib(2026, 11, 20, 12), working_hours(3.5)) == wib(2026, 11, 20, 16, 30)


class TestStartOutsideWorkingTime:
    @pytest.mark.parametrize(
        ("start", "expected"),
        [
            (wib(2026, 11, 16, 6, 0), wib(2026, 11, 16, 8, 30)),
            (wib(2026, 11, 16, 12, 30), wib(2026, 11, 16, 14, 0)),
            (wib(2026, 11, 16, 17, 0), wib(2026, 11, 17, 8, 30)),
            (wib(2026, 11, 22, 23, 59), wib(2026, 11, 23, 8, 30)),
        ],
    )
    def test_the_clock_starts_at_the_next_working_instant(self, start: datetime, expected: datetime) -> None:
        assert deadline(calendar, start, working_hours(1)) == expected


class TestDeadlineExactlyAtThePeriodEnd:
    @pytest.mark.parametrize(
        ("start", "hours", "expected"),
        [
            (wib(2026, 11, 16, 15), 1, wib(2026, 11, 16, 16)),
            (wib(2026, 11, 16, 11), 1, wib(2026, 11, 16, 12)),
            (wib(2026, 11, 20, 15, 30), 1, wib(2026, 11, 20, 16, 30)),
            (wib(2026, 11, 16, 7, 30), 30, wib(2026, 11, 19, 16)),
        ],
    )
    def test_the_deadline_stays_at_the_end_of_the_period(
        self, start: datetime, hours: float, expected: datetime
    ) -> None:
        assert deadline(calendar, start, working_hours(hours)) == expected


class TestIdulFitri2026:
    def test_a_dm_opened_on_17_march_at_three_is_due_after_the_holidays(self) -> None:
        assert deadline(calendar, wib(2026, 3, 17, 15), working_hours(24)) == wib(2026, 3, 30, 8)

    def test_a_dm_opened_on_17_march_in_the_morning_is_due_on_27_march(self) -> None:
        assert deadline(calendar, wib(2026, 3, 17, 7, 30), working_hours(24)) == wib(2026, 3, 27, 9)

    def test_a_dm_opened_during_the_holidays_counts_from_25_march(self) -> None:
        assert deadline(calendar, wib(2026, 3, 21, 10), working_hours(1)) == wib(2026, 3, 25, 8, 30)

    def test_five_working_days_skip_the_whole_holiday_week(self) -> None:
        assert deadline(calendar, wib(2026, 3, 17, 15), working_days(5)) == wib(2026, 3, 31, 15)

    def test_a_comment_deadline_in_calendar_hours_ignores_the_holidays(self) -> None:
        assert deadline(calendar, wib(2026, 3, 17, 15), calendar_hours(48)) == wib(2026, 3, 19, 15)


class TestYearBoundary:
    def test_new_years_eve_skips_1_january_and_the_weekend(self) -> None:
        assert deadline(calendar, wib(2025, 12, 31, 15), working_hours(8)) == wib(2026, 1, 2, 16)

    def test_24_hours_from_31_december_2026_skip_new_year_and_isra_mikraj(self) -> None:
        assert deadline(calendar, wib(2026, 12, 31, 15), working_hours(24)) == wib(2027, 1, 8, 8)

    def test_christmas_cuti_bersama_is_skipped(self) -> None:
        assert deadline(calendar, wib(2026, 12, 23, 15), working_hours(2)) == wib(2026, 12, 28, 8, 30)


class TestIndonesianTimeZones:
    @pytest.mark.parametrize(
        ("zone", "utc_hour"),
        [("Asia/Jakarta", 9), ("Asia/Makassar", 8), ("Asia/Jayapura", 7)],
    )
    def test_working_hours_are_local_to_the_agency(self, zone: str, utc_hour: int) -> None:
        calendar = default_calendar(zone)
        start = datetime(2026, 11, 16, 15, tzinfo=calendar.tz)
        result = due_at(start, working_hours(1), calendar)
        assert result == datetime(2026, 11, 16, utc_hour, tzinfo=UTC)
        assert result.astimezone(calendar.tz).hour == 16

    def test_the_same_instant_is_working_time_in_jakarta_but_not_in_jayapura(self) -> None:
        moment = datetime(2026, 11, 16, 15, 30, tzinfo=WIB)
        assert default_calendar("Asia/Jakarta").is_working_time(moment)
        assert not default_calendar("Asia/Jayapura").is_working_time(moment)

    @pytest.mark.parametrize("tz", [WIB, WITA, WIT])
    def test_the_start_may_be_given_in_any_zone(self, tz: ZoneInfo) -> None:
        calendar = default_calendar("Asia/Makassar")
        start = datetime(2026, 11, 16, 2, tzinfo=UTC)
        expected = due_at(start, working_hours(1), calendar)
        assert due_at(start.astimezone(tz), working_hours(1), calendar) == expected


class TestWorkingDays:
    @pytest.mark.parametrize(
        ("start", "days", "expected"),
        [
            (wib(2026, 11, 16, 10), 1, wib(2026, 11, 17, 10)),
            (wib(2026, 11, 16, 10), 5, wib(2026, 11, 23, 10)),
            (wib(2026, 11, 20, 9), 1, wib(2026, 11, 23, 9)),
            (wib(2026, 11, 19, 14), 10, wib(2026, 12, 3, 14)),
        ],
    )
    def test_n_working_days_keep_the_local_time_of_day(
        self, start: datetime, days: int, expected: datetime
    ) -> None:
        assert deadline(calendar, start, working_days(days)) == expected

    def test_a_start_outside_working_time_counts_from_the_next_opening(self) -> None:
        assert deadline(calendar, wib(2026, 11, 21, 10), working_days(1)) == wib(2026, 11, 24, 7, 30)
        assert deadline(calendar, wib(2026, 11, 19, 12, 30), working_days(1)) == wib(2026, 11, 20, 13)

    def test_a_time_after_closing_on_the_target_day_moves_back_to_closing(self) -> None:
        assert deadline(calendar, wib(2026, 11, 20, 16, 15), working_days(1)) == wib(2026, 11, 23, 16)

    def test_a_time_in_the_target_days_break_moves_back_to_the_break(self) -> None:
        assert deadline(calendar, wib(2026, 11, 19, 11, 45), working_days(1)) == wib(2026, 11, 20, 11, 30)

    def test_a_time_before_the_target_day_opens_moves_to_its_opening(self) -> None:
        late_monday = ScheduleOverride(
            "Rapat", date(2026, 11, 23), date(2026, 11, 23), {0: (WorkingPeriod.parse("10:00-16:00"),)}
        )
        calendar = BusinessCalendar(tz=WIB, weekly=DEFAULT_WEEKLY, overrides=(late_monday,))
        assert deadline(calendar, wib(2026, 11, 20, 8), working_days(1)) == wib(2026, 11, 23, 10)

    def test_holidays_are_not_working_days(self) -> None:
        assert deadline(calendar, wib(2026, 3, 17, 10), working_days(1)) == wib(2026, 3, 25, 10)


class TestCalendarHours:
    def test_calendar_hours_are_plain_addition(self) -> None:
        assert deadline(calendar, wib(2026, 11, 21, 23), calendar_hours(48)) == wib(2026, 11, 23, 23)

    def test_fractional_hours_are_allowed(self) -> None:
        assert deadline(calendar, wib(2026, 11, 16, 9), calendar_hours(1.5)) == wib(2026, 11, 16, 10, 30)


class TestDueAtInputs:
    def test_a_naive_start_is_refused(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            due_at(datetime(2026, 11, 16, 9), working_hours(1), calendar)  # noqa: DTZ001

    @pytest.mark.parametrize("duration", [working_hours(1), working_days(1), calendar_hours(1)])
    def test_the_deadline_is_always_aware_utc(self, duration: Duration) -> None:
        assert due_at(wib(2026, 11, 16, 9), duration, calendar).tzinfo is UTC
