from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from packaging.requirements import Requirement

from sla import (
    DEFAULT_WEEKLY,
    BusinessCalendar,
    IndonesianHolidays,
    NoWorkingTimeError,
    ScheduleOverride,
    WorkingPeriod,
    default_calendar,
    no_holidays,
)

WIB = ZoneInfo("Asia/Jakarta")
calendar = default_calendar("Asia/Jakarta")
"""The default office calendar in WIB, with national holidays and cuti bersama."""


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


class TestWorkingPeriodParsing:
    def test_a_period_is_parsed_from_hh_mm_text(self) -> None:
        assert WorkingPeriod.parse("07:30-12:00") == WorkingPeriod(time(7, 30), time(12))

    def test_spaces_around_the_dash_are_allowed(self) -> None:
        assert WorkingPeriod.parse("13:00 - 16:00") == WorkingPeriod(time(13), time(16))

    def test_twenty_four_hundred_means_the_end_of_the_day(self) -> None:
        period = WorkingPeriod.parse("20:00-24:00")
        assert period.end == time(0)
        assert period.end_seconds == 86_400
        assert str(period) == "20:00-24:00"

    def test_a_period_ending_before_it_starts_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="ends before it starts"):
            WorkingPeriod.parse("16:00-07:30")

    def test_an_empty_period_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="ends before it starts"):
            WorkingPeriod.parse("08:00-08:00")

    @pytest.mark.parametrize("text", ["0730-1200", "7.30-12.00", "07:30", "25:00-26:00", "07:61-08:00"])
    def test_malformed_text_is_rejected(self, text: str) -> None:
        with pytest.raises(ValueError, match="period"):
            WorkingPeriod.parse(text)


class TestDefaultOfficeHours:
    @pytest.mark.parametrize(
        ("moment", "working"),
        [
            (wib(2026, 11, 16, 7, 29), False),
            (wib(2026, 11, 16, 7, 30), True),
            (wib(2026, 11, 16, 11, 59), True),
            (wib(2026, 11, 16, 12, 0), False),
            (wib(2026, 11, 16, 12, 59), False),
            (wib(2026, 11, 16, 13, 0), True),
            (wib(2026, 11, 16, 15, 59), True),
            (wib(2026, 11, 16, 16, 0), False),
            (wib(2026, 11, 19, 15, 59), True),
        ],
    )
    def test_monday_to_thursday_have_a_midday_rest_break(self, moment: datetime, working: bool) -> None:
        assert calendar.is_working_time(moment) is working

    @pytest.mark.parametrize(
        ("moment", "working"),
        [
            (wib(2026, 11, 20, 11, 29), True),
            (wib(2026, 11, 20, 11, 30), False),
            (wib(2026, 11, 20, 12, 30), False),
            (wib(2026, 11, 20, 13, 0), True),
            (wib(2026, 11, 20, 16, 29), True),
            (wib(2026, 11, 20, 16, 30), False),
        ],
    )
    def test_friday_has_a_longer_break_for_friday_prayers(self, moment: datetime, working: bool) -> None:
        assert calendar.is_working_time(moment) is working

    def test_saturday_and_sunday_are_closed(self) -> None:
        assert not calendar.is_working_time(wib(2026, 11, 21, 10))
        assert not calendar.is_working_time(wib(2026, 11, 22, 10))

    def test_an_instant_in_another_zone_is_judged_in_local_time(self) -> None:
        assert calendar.is_working_time(datetime(2026, 11, 16, 1, 0, tzinfo=UTC))
        assert not calendar.is_working_time(datetime(2026, 11, 16, 0, 0, tzinfo=UTC))

    def test_a_naive_datetime_is_refused(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            calendar.is_working_time(datetime(2026, 11, 16, 9))  # noqa: DTZ001


class TestIndonesianHolidays2026:
    def test_the_package_gives_17_public_holidays_and_8_cuti_bersama_days(self) -> None:
        all_days = IndonesianHolidays()(2026)
        public_only = IndonesianHolidays(cuti_bersama=False)(2026)
        assert len(public_only) == 17
        assert len(all_days) == 25
        assert sum(name.startswith("Cuti Bersama") for name in all_days.values()) == 8

    def test_18_to_24_march_are_nyepi_and_idul_fitri_holidays_and_cuti_bersama(self) -> None:
        days = IndonesianHolidays()(2026)
        assert {day.day: days[day] for day in days if day.month == 3} == {
            18: "Cuti Bersama Hari Suci Nyepi",
            19: "Hari Suci Nyepi",
            20: "Cuti Bersama Hari Raya Idul Fitri",
            21: "Hari Raya Idul Fitri",
            22: "Hari kedua dari Hari Raya Idul Fitri",
            23: "Cuti Bersama Hari Raya Idul Fitri",
            24: "Cuti Bersama Hari Raya Idul Fitri",
        }

    def test_every_2026_day_off_is_the_one_the_decree_sets(self) -> None:
        """SKB 3 Menteri No. 1497/2025, 2/2025 and 5/2025: 17 public holidays and 8 cuti bersama days."""
        public = {
            date(2026, 1, 1), date(2026, 1, 16), date(2026, 2, 17), date(2026, 3, 19),
            date(2026, 3, 21), date(2026, 3, 22), date(2026, 4, 3), date(2026, 4, 5),
            date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 27), date(2026, 5, 31),
            date(2026, 6, 1), date(2026, 6, 16), date(2026, 8, 17), date(2026, 8, 25),
            date(2026, 12, 25),
        }  # fmt: skip
        cuti_bersama = {
            date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23),
            date(2026, 3, 24), date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24),
        }  # fmt: skip
        assert set(IndonesianHolidays(cuti_bersama=False)(2026)) == public
        assert set(IndonesianHolidays()(2026)) == public | cuti_bersama

    def test_the_2027_decree_is_known_too(self) -> None:
        """Deadlines set in late 2026 run into 2027: its decree (September 2026) gives 8 cuti bersama."""
        all_days = IndonesianHolidays()(2027)
        assert len(all_days) - len(IndonesianHolidays(cuti_bersama=False)(2027)) == 8

    def test_the_required_holidays_release_knows_both_decrees(self) -> None:
        """holidays 0.97 and older put Idul Fitri 2026 on 20-21 March and have no cuti bersama; 0.99 has
        the 2026 decree; 0.105 is the first with the 2027 one. pip must never install an older one."""
        project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
        [holidays] = [
            Requirement(line)
            for line in project["project"]["dependencies"]
            if Requirement(line).name == "holidays"
        ]
        assert not holidays.specifier.contains("0.104")
        assert holidays.specifier.contains("0.105")

    def test_without_cuti_bersama_the_collective_leave_days_are_working_days(self) -> None:
        calendar = BusinessCalendar(
            tz=WIB, weekly=DEFAULT_WEEKLY, holidays=IndonesianHolidays(cuti_bersama=False)
        )
        assert calendar.is_working_day(date(2026, 3, 23))
        assert not calendar.is_working_day(date(2026, 3, 19))


class TestClosedReason:
    @pytest.mark.parametrize(
        ("day", "reason"),
        [
            (date(2026, 3, 21), "Hari Raya Idul Fitri"),
            (date(2026, 3, 23), "Cuti Bersama Hari Raya Idul Fitri"),
            (date(2026, 1, 1), "Tahun Baru Masehi"),
            (date(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
            (date(2026, 11, 21), "Sabtu"),
            (date(2026, 11, 22), "Minggu"),
            (date(2026, 11, 23), None),
        ],
    )
    def test_each_closed_day_says_why(self, day: date, reason: str | None) -> None:
        assert calendar.closed_reason(day) == reason

    def test_an_agency_closure_gives_its_own_reason(self) -> None:
        calendar = BusinessCalendar(tz=WIB, weekly=DEFAULT_WEEKLY, closures={date(2026, 11, 23): "HUT Kota"})
        assert calendar.closed_reason(date(2026, 11, 23)) == "HUT Kota"
        assert not calendar.is_working_day(date(2026, 11, 23))

    def test_a_weekday_closed_by_an_override_names_the_override(self) -> None:
        override = ScheduleOverride("Jadwal Khusus", date(2026, 11, 1), date(2026, 11, 30), {0: ()})
        calendar = BusinessCalendar(tz=WIB, weekly=DEFAULT_WEEKLY, overrides=(override,))
        assert calendar.closed_reason(date(2026, 11, 23)) == "Senin (Jadwal Khusus)"


class TestHolidayLookup:
    def test_holidays_are_fetched_once_per_year_and_only_for_years_used(self) -> None:
        calls: list[int] = []

        def provider(year: int) -> Mapping[date, str]:
            calls.append(year)
            return {date(year, 1, 1): "Tahun Baru"}

        calendar = BusinessCalendar(tz=WIB, weekly=DEFAULT_WEEKLY, holidays=provider)
        assert calls == []
        assert calendar.closed_reason(date(2031, 1, 1)) == "Tahun Baru"
        assert calendar.is_working_day(date(2031, 1, 2))
        calendar.is_working_time(wib(2031, 5, 5, 9))
        assert calls == [2031]

    def test_a_calendar_works_for_a_year_far_from_today(self) -> None:
        assert calendar.closed_reason(date(2045, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"


class TestWorkingIntervals:
    def test_a_working_day_yields_its_periods_in_utc(self) -> None:
        intervals = list(calendar.working_intervals(wib(2026, 11, 16), wib(2026, 11, 17)))
        assert intervals == [
            (wib(2026, 11, 16, 7, 30), wib(2026, 11, 16, 12)),
            (wib(2026, 11, 16, 13), wib(2026, 11, 16, 16)),
        ]
        assert all(start.tzinfo is UTC and end.tzinfo is UTC for start, end in intervals)

    def test_intervals_are_clipped_to_the_requested_range(self) -> None:
        intervals = list(calendar.working_intervals(wib(2026, 11, 20, 10), wib(2026, 11, 23, 8)))
        assert intervals == [
            (wib(2026, 11, 20, 10), wib(2026, 11, 20, 11, 30)),
            (wib(2026, 11, 20, 13), wib(2026, 11, 20, 16, 30)),
            (wib(2026, 11, 23, 7, 30), wib(2026, 11, 23, 8)),
        ]

    def test_a_range_inside_a_break_has_no_working_time(self) -> None:
        assert list(calendar.working_intervals(wib(2026, 11, 16, 12, 10), wib(2026, 11, 16, 12, 50))) == []


class TestNextWorkingInstant:
    @pytest.mark.parametrize(
        ("moment", "expected"),
        [
            (wib(2026, 11, 16, 9, 15), wib(2026, 11, 16, 9, 15)),
            (wib(2026, 11, 16, 6, 0), wib(2026, 11, 16, 7, 30)),
            (wib(2026, 11, 16, 12, 0), wib(2026, 11, 16, 13, 0)),
            (wib(2026, 11, 20, 11, 45), wib(2026, 11, 20, 13, 0)),
            (wib(2026, 11, 20, 16, 30), wib(2026, 11, 23, 7, 30)),
            (wib(2026, 3, 17, 16, 0), wib(2026, 3, 25, 7, 30)),
            (wib(2026, 12, 31, 17, 0), wib(2027, 1, 4, 7, 30)),
        ],
    )
    def test_the_clock_resumes_at_the_next_opening(self, moment: datetime, expected: datetime) -> None:
        result = calendar.next_working_instant(moment)
        assert result == expected
        assert result.tzinfo is UTC

    def test_a_calendar_without_any_working_time_raises(self) -> None:
        calendar = BusinessCalendar(tz=WIB, weekly={}, holidays=no_holidays)
        with pytest.raises(NoWorkingTimeError):
            calendar.next_working_instant(wib(2026, 1, 1))


class TestWorkingSecondsBetween:
    def test_a_full_default_working_day_is_seven_and_a_half_hours(self) -> None:
        for day in range(16, 21):
            seconds = calendar.working_seconds_between(wib(2026, 11, day), wib(2026, 11, day + 1))
            assert seconds == 7.5 * 3600

    def test_a_weekend_adds_nothing(self) -> None:
        assert calendar.working_seconds_between(wib(2026, 11, 20, 16), wib(2026, 11, 23, 8)) == 3600

    def test_reversed_bounds_give_a_negative_amount(self) -> None:
        assert calendar.working_seconds_between(wib(2026, 11, 16, 9), wib(2026, 11, 16, 8)) == -3600

    def test_the_idul_fitri_week_of_2026_has_no_working_time(self) -> None:
        assert calendar.working_seconds_between(wib(2026, 3, 18), wib(2026, 3, 25)) == 0


class TestScheduleOverrides:
    ramadan = ScheduleOverride(
        name="Ramadan",
        start=date(2026, 2, 19),
        end=date(2026, 3, 19),
        weekly={day: (WorkingPeriod.parse("08:00-15:00"),) for day in range(4)},
    )

    def test_override_hours_apply_inside_the_date_range(self) -> None:
        calendar = BusinessCalendar(tz=WIB, weekly=DEFAULT_WEEKLY, overrides=(self.ramadan,))
        assert calendar.periods_on(date(2026, 3, 2)) == (WorkingPeriod(time(8), time(15)),)
        assert calendar.is_working_time(wib(2026, 3, 2, 12, 30))
        assert not calendar.is_working_time(wib(2026, 3, 2, 7, 45))

    def test_regular_hours_apply_outside_the_date_range(self) -> None:
        calendar = BusinessCalendar(tz=WIB, weekly=DEFAULT_WEEKLY, overrides=(self.ramadan,))
        assert calendar.periods_on(date(2026, 3, 30)) == DEFAULT_WEEKLY[0]

    def test_weekdays_missing_from_an_override_keep_the_regular_schedule(self) -> None:
        calendar = BusinessCalendar(tz=WIB, weekly=DEFAULT_WEEKLY, overrides=(self.ramadan,))
        assert calendar.periods_on(date(2026, 3, 6)) == DEFAULT_WEEKLY[4]

    def test_an_override_ending_before_it_starts_is_rejected(self) -> None:
        with pytest.raises(ValueError, match="ends"):
            ScheduleOverride("x", date(2026, 3, 2), date(2026, 3, 1), {})


class TestCalendarConstruction:
    def test_periods_are_sorted_whatever_order_they_are_given_in(self) -> None:
        afternoon, morning = WorkingPeriod.parse("13:00-16:00"), WorkingPeriod.parse("07:30-12:00")
        calendar = BusinessCalendar(tz=WIB, weekly={0: (afternoon, morning)})
        assert calendar.weekly[0] == (morning, afternoon)

    def test_overlapping_periods_are_rejected(self) -> None:
        periods = (WorkingPeriod.parse("07:30-12:00"), WorkingPeriod.parse("11:00-16:00"))
        with pytest.raises(ValueError, match="overlap"):
            BusinessCalendar(tz=WIB, weekly={0: periods})

    def test_equal_calendars_compare_and_hash_equal(self) -> None:
        first, second = default_calendar("Asia/Jakarta"), default_calendar("Asia/Jakarta")
        first.is_working_day(date(2026, 1, 1))
        assert first == second
        assert hash(first) == hash(second)
        assert first != default_calendar("Asia/Makassar")

    def test_a_period_may_run_until_midnight(self) -> None:
        calendar = BusinessCalendar(
            tz=WIB, weekly={5: (WorkingPeriod.parse("20:00-24:00"),)}, holidays=no_holidays
        )
        assert calendar.is_working_time(wib(2026, 11, 21, 23, 59))
        assert calendar.next_working_instant(wib(2026, 11, 22, 0)) == wib(2026, 11, 28, 20)
        assert (
            calendar.working_seconds_between(wib(2026, 11, 21), wib(2026, 11, 21) + timedelta(days=1))
            == 14400
        )
